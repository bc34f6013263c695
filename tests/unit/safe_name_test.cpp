#include <zdbackup/core/safe_name.hpp>

#include <gtest/gtest.h>

namespace zdbackup {
namespace {

struct NameCase {
    std::string original;
    std::string expected;
};

// Test names show the hostile name rather than the struct's bytes.
void PrintTo(const NameCase& c, std::ostream* os) {
    *os << ::testing::PrintToString(c.original);
}

class SafeFileName : public ::testing::TestWithParam<NameCase> {};

TEST_P(SafeFileName, MakesHostileNamesSafe) {
    EXPECT_EQ(safe_file_name(GetParam().original), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    HostileNames, SafeFileName,
    ::testing::Values(NameCase{"report.pdf", "report.pdf"},                          //
                      NameCase{"../../etc/passwd", ".._.._etc_passwd"},              //
                      NameCase{"..\\..\\boot.ini", ".._.._boot.ini"},                //
                      NameCase{"a/b/c.txt", "a_b_c.txt"},                            //
                      NameCase{"..", "attachment"},                                  //
                      NameCase{".", "attachment"},                                   //
                      NameCase{"", "attachment"},                                    //
                      NameCase{"   ", "attachment"},                                 //
                      NameCase{"CON", "_CON"},                                       //
                      NameCase{"con.txt", "_con.txt"},                               //
                      NameCase{"LPT1.log", "_LPT1.log"},                             //
                      NameCase{"com9", "_com9"},                                     //
                      NameCase{"nul", "_nul"},                                       //
                      NameCase{"COM0.txt", "COM0.txt"},                              //
                      NameCase{"CONSOLE.txt", "CONSOLE.txt"},                        //
                      NameCase{"report.pdf.", "report.pdf"},                         //
                      NameCase{"trailing space ", "trailing space"},                 //
                      NameCase{"<>:\"|?*.txt", "_______.txt"},                       //
                      NameCase{"tab\there.txt", "tab_here.txt"},                     //
                      NameCase{"nl\nx.txt", "nl_x.txt"},                             //
                      NameCase{std::string("nul\0byte", 8), "nul_byte"},             //
                      NameCase{"del\x7f.txt", "del_.txt"},                           //
                      NameCase{"r\xc3\xa9sum\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac.png",  // résumé 日本.png
                               "r\xc3\xa9sum\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac.png"},
                      NameCase{"bad\xff\xfe.bin", "bad__.bin"},                   //
                      NameCase{"over\xc0\xaflong", "over__long"},                 //
                      NameCase{"surrogate\xed\xa0\x80.txt", "surrogate___.txt"},  //
                      // C1 controls (U+0080-U+009F) are control characters too; U+00A0 is not.
                      NameCase{"nel\xc2\x85-csi\xc2\x9b.txt", "nel_-csi_.txt"},  //
                      NameCase{"nbsp\xc2\xa0.txt", "nbsp\xc2\xa0.txt"}));

TEST(SafeFileNameLimits, CutsLongNamesToAt255BytesKeepingTheExtension) {
    const std::string name = std::string(300, 'a') + ".pdf";
    const std::string safe = safe_file_name(name);
    EXPECT_EQ(safe.size(), 255u);
    EXPECT_TRUE(safe.ends_with(".pdf"));
}

TEST(SafeFileNameLimits, NeverCutsInsideAMultiByteCharacter) {
    std::string name;
    for (int i = 0; i < 100; ++i) name += "\xe6\x97\xa5";  // 日, 3 bytes each: 300 bytes
    const std::string safe = safe_file_name(name);
    EXPECT_LE(safe.size(), 255u);
    EXPECT_EQ(safe.size() % 3, 0u) << "whole characters only";
    EXPECT_EQ(safe, safe_file_name(safe)) << "already safe names stay as they are";
}

TEST(SafeFileNameLimits, ADeviceNameLeftByTheCutIsPrefixed) {
    // Windows ignores spaces before the extension: cutting a long tail after "CON" + spaces leaves
    // a name that opens the console device.
    EXPECT_EQ(safe_file_name("CON" + std::string(300, ' ') + "x.txt"),
              "_CON" + std::string(247, ' ') + ".txt");
    EXPECT_EQ(safe_file_name("aux" + std::string(300, ' ') + "tail"), "_aux");
}

TEST(SafeFileNameLimits, IsIdempotent) {
    for (const char* name : {"../../x", "CON", "a. . .", "<>", "\xff"})
        EXPECT_EQ(safe_file_name(safe_file_name(name)), safe_file_name(name)) << name;
}

}  // namespace
}  // namespace zdbackup
