/*
 * test_win32.c - the Win32 file calls of user/lib through a drive letter:
 * R: is a \DosDevices link to \Device\RamFs made with the native call (no
 * CSRSS needed), then CreateFileA / WriteFile / ReadFile / CloseHandle,
 * FindFirstFileA / FindNextFileA / FindClose with patterns, GetDriveTypeA,
 * GetLogicalDriveStringsA, and the last error of each failure.
 */
#include <string.h>
#include "ntob.h"
#include "io/io.h"
#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"
#include "tests/guest/gtest.h"
#include "tests/guest/drivers/drivers.h"

static PDRIVER_OBJECT GtRamFs;
static HANDLE GtLink;

static VOID GtMakeDrive(VOID)
{
    STRING name = { 14, 14, "\\DosDevices\\R:" }, target = { 13, 13, "\\Device\\RamFs" };
    OBJECT_ATTRIBUTES oa;

    GT_CHECK(NT_SUCCESS(IoLoadDriver("\\Driver\\RamFs", RamFsDriverEntry, &GtRamFs)));
    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    GT_CHECK(NtCreateSymbolicLinkObject(&GtLink, SYMBOLIC_LINK_ALL_ACCESS, &oa, &target) ==
             STATUS_SUCCESS);
}

static VOID GtWriteRead(VOID)
{
    HANDLE h;
    DWORD n = 0;
    char buf[32] = { 0 };

    GtMakeDrive();
    h = CreateFileA("R:\\MAIL.TXT", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    GT_CHECK(h != INVALID_HANDLE_VALUE);
    GT_CHECK(WriteFile(h, "postoffice", 10, &n, NULL) && n == 10);
    GT_CHECK(CloseHandle(h));
    GT_CHECK(CreateFileA("R:\\MAIL.TXT", GENERIC_READ, 0, NULL, CREATE_NEW, 0, NULL) ==
             INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS);
    h = CreateFileA("r:\\mail.txt", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    GT_CHECK(h != INVALID_HANDLE_VALUE);
    GT_CHECK(ReadFile(h, buf, sizeof(buf), &n, NULL) && n == 10 && strcmp(buf, "postoffice") == 0);
    CloseHandle(h);
    GT_CHECK(CreateFileA("R:\\NONE.TXT", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) ==
             INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND);
    GT_CHECK(CreateFileA("Z:\\NONE.TXT", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) ==
             INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND);
    GT_CHECK(!CloseHandle((HANDLE)0x7FF0) && GetLastError() == ERROR_INVALID_HANDLE);
}

static ULONG GtFindAll(PCSTR Pattern, PCHAR Names, ULONG Size)
{
    WIN32_FIND_DATAA data;
    HANDLE find = FindFirstFileA(Pattern, &data);
    ULONG found = 0;

    Names[0] = '\0';
    if (find == INVALID_HANDLE_VALUE)
        return 0;
    do {
        found++;
        strncat(Names, data.cFileName, Size - strlen(Names) - 2);
        strcat(Names, " ");
    } while (FindNextFileA(find, &data));
    GT_CHECK(GetLastError() == ERROR_NO_MORE_FILES);
    GT_CHECK(FindClose(find));
    return found;
}

static VOID GtFindFiles(VOID)
{
    char names[256];
    HANDLE h;
    ULONG i;

    for (i = 0; i < 3; i++) {
        const char *name[] = { "R:\\QUEUE1.MAI", "R:\\QUEUE2.MAI", "R:\\README" };
        h = CreateFileA(name[i], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        GT_CHECK(h != INVALID_HANDLE_VALUE);
        CloseHandle(h);
    }
    GT_CHECK(GtFindAll("R:\\*", names, sizeof(names)) == 4);
    GT_CHECK(GtFindAll("R:\\*.MAI", names, sizeof(names)) == 2);
    GT_CHECK(strcmp(names, "QUEUE1.MAI QUEUE2.MAI ") == 0);
    GT_CHECK(GtFindAll("R:\\queue?.mai", names, sizeof(names)) == 2);
    GT_CHECK(GtFindAll("R:\\*.XYZ", names, sizeof(names)) == 0 &&
             GetLastError() == ERROR_FILE_NOT_FOUND);
    GT_CHECK(FindFirstFileA("Q:\\*", &(WIN32_FIND_DATAA){ 0 }) == INVALID_HANDLE_VALUE &&
             GetLastError() == ERROR_PATH_NOT_FOUND);
    GT_CHECK(FindFirstFileA("NOSLASH", &(WIN32_FIND_DATAA){ 0 }) == INVALID_HANDLE_VALUE &&
             GetLastError() == ERROR_INVALID_PARAMETER);
}

static VOID GtDriveCalls(VOID)
{
    char strings[128];
    DWORD length = GetLogicalDriveStringsA(sizeof(strings), strings), i;
    BOOLEAN found = FALSE;

    GT_CHECK(GetLogicalDrives() & (1u << ('R' - 'A')));
    GT_CHECK(GetDriveTypeA("R:\\") == DRIVE_FIXED);
    GT_CHECK(GetDriveTypeA("Y:\\") == DRIVE_NO_ROOT_DIR);
    GT_CHECK(length > 0 && length < sizeof(strings));
    for (i = 0; i < length; i += strlen(strings + i) + 1)
        found |= strcmp(strings + i, "R:\\") == 0;
    GT_CHECK(found);
    GT_CHECK(NtClose(GtLink) == STATUS_SUCCESS);
    GT_CHECK(!(GetLogicalDrives() & (1u << ('R' - 'A'))));
    GT_CHECK(IoUnloadDriver(GtRamFs) == STATUS_SUCCESS && RamFsStats.Unloaded);
}

static const GT_CASE GtWin32Cases[] = {
    { "create_write_read_close", GtWriteRead },
    { "find_first_next_close", GtFindFiles },
    { "drive_calls", GtDriveCalls },
};

const GT_SUITE GtWin32Suite = GT_SUITE_ENTRY("win32", "the Win32 file and drive calls of user/lib",
                                             GtWin32Cases);
