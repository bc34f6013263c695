// zdmock: a deterministic mock Zendesk server over HTTPS, for demos, integration tests and benchmarks.
#include <cstdio>
#include <exception>
#include <memory>
#include <string>

#include "zdmock/certs.hpp"
#include "zdmock/dataset.hpp"
#include "zdmock/options.hpp"
#include "zdmock/server.hpp"
#include "zdmock/service.hpp"
#include "zdmock/truth.hpp"

int main(int argc, char** argv) {
    const zdmock::ParseResult parsed = zdmock::parse_options(argc, argv);
    if (parsed.exit_code) return *parsed.exit_code;
    const zdmock::Options& options = parsed.options;
    try {
        zdmock::DatasetOptions data_options;
        data_options.tickets = options.tickets;
        data_options.seed = options.seed;
        data_options.forbidden_kinds = options.forbid;
        zdmock::Dataset dataset(data_options);
        if (!options.dump_truth.empty()) {
            zdmock::dump_truth(dataset, options.dump_truth);
            return 0;
        }
        zdmock::LeafOptions leaf;
        if (!options.cert_names.empty()) leaf.subject_alt_names = options.cert_names;
        leaf.expired = options.cert_expired;
        const zdmock::Certificates certs = zdmock::generate_certificates(leaf);
        if (!options.ca_out.empty()) zdmock::write_file_atomically(options.ca_out, certs.ca_cert_pem);
        // run_server() gives the service its base URL (next-page links and content_urls) before serving.
        zdmock::MockService service(std::make_shared<const zdmock::Dataset>(std::move(dataset)), options);
        zdmock::run_server(options, certs, service, [&](std::uint16_t port) {
            if (!options.port_file.empty())
                zdmock::write_file_atomically(options.port_file, std::to_string(port) + "\n");
            std::printf("zdmock listening on https://%s:%u\n", options.host.c_str(),
                        static_cast<unsigned>(port));
            std::fflush(stdout);
        });
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "zdmock: %s\n", e.what());
        return 1;
    }
}
