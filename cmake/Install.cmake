# `cmake --install`: the zdbackup program (not zdmock, zdbench or the tests), its man page and its docs;
# `cpack -G DEB` packages the same tree.
include(GNUInstallDirs)

install(TARGETS zdbackup RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(FILES README.md docs/decisions.md docs/scheduling.md docs/windows.md docs/zdbackup-task.xml
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/systemd DESTINATION ${CMAKE_INSTALL_DOCDIR})

if(NOT WIN32)
    # Debian policy wants man pages gzipped (-n: no name or time stamp, so the package is reproducible).
    find_program(GZIP_PROGRAM gzip)
    set(ZDB_MAN_SOURCE ${PROJECT_SOURCE_DIR}/docs/zdbackup.1)
    if(GZIP_PROGRAM)
        add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/zdbackup.1.gz
                           COMMAND ${GZIP_PROGRAM} -9 -n -c ${ZDB_MAN_SOURCE} > ${PROJECT_BINARY_DIR}/zdbackup.1.gz
                           DEPENDS ${ZDB_MAN_SOURCE} VERBATIM)
        add_custom_target(zdbackup_man ALL DEPENDS ${PROJECT_BINARY_DIR}/zdbackup.1.gz)
        install(FILES ${PROJECT_BINARY_DIR}/zdbackup.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
    else()
        install(FILES ${ZDB_MAN_SOURCE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
    endif()
endif()

set(CPACK_PACKAGE_NAME zdbackup)
set(CPACK_PACKAGE_VENDOR "zdbackup")
set(CPACK_PACKAGE_CONTACT "zdbackup maintainers <zdbackup@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "back up a whole Zendesk instance into one verifiable zip")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "zdbackup downloads tickets with comments and attachments, users, organizations, Help Center\n"
    "content and the support configuration of a Zendesk instance into one zip with a SHA-256\n"
    "manifest. Runs are incremental, resume after any interruption, and deliver the zip atomically.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_STRIP_FILES ON)  # the release preset keeps debug info; the package does not need it
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${CPACK_PACKAGE_CONTACT})
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # zdbackup_0.1.0_amd64.deb
# dpkg-shlibdeps reads the binary's NEEDED libraries and names their packages (libarchive13,
# libsqlite3-0, libssl3, libspdlog1.10, ...), so the list cannot drift from the build.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates")  # the system trust store for verify_peer
include(CPack)
