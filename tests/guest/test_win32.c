/*
 * test_win32.c - the Win32 file calls of user/lib through a drive letter:
 * R: is a \DosDevices link to \Device\RamFs made here with the native call
 * (no CSRSS needed), and C: one to a disk irplab does not have (so that
 * the DOS device list holds the letter every Windows has); then the
 * process `wintest win32` (tests/user/wintest.c) uses CreateFileA (each
 * disposition) / WriteFile / ReadFile / CloseHandle, SetFilePointer /
 * SetEndOfFile / GetFileSize / FlushFileBuffers, Get/SetFileAttributesA,
 * DeleteFileA, MoveFileA / MoveFileExA, CreateDirectoryA /
 * RemoveDirectoryA, FindFirstFileA / FindNextFileA / FindClose with
 * patterns, GetDiskFreeSpaceA, GetVolumeInformationA, GetDriveTypeA,
 * GetLogicalDriveStringsA, QueryDosDeviceA(NULL)'s list of every DOS
 * device, and checks the last error of each failure. The driver saw the
 * flush, and every open cleaned up and closed. Closing the links' handles
 * takes R: and C: out of the drive map.
 */
#include <string.h>
#include "ntob.h"
#include "io/io.h"
#include "ps/ps.h"
#include "tests/guest/gtest.h"
#include "tests/guest/drivers/drivers.h"

/* A temporary link \DosDevices\NAME to Target: it goes with the handle. */
static NTSTATUS GtMakeLink(PCSTR Name, PCSTR Target, PHANDLE Link)
{
    STRING name, target;
    OBJECT_ATTRIBUTES oa;

    RtlInitString(&name, Name);
    RtlInitString(&target, Target);
    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    return NtCreateSymbolicLinkObject(Link, SYMBOLIC_LINK_ALL_ACCESS, &oa, &target);
}

static VOID GtWin32Calls(VOID)
{
    PDRIVER_OBJECT ramfs;
    OB_DRIVE_MAP map;
    PEPROCESS p;
    HANDLE link, c;

    GT_CHECK(NT_SUCCESS(IoLoadDriver("\\Driver\\RamFs", RamFsDriverEntry, &ramfs)));
    GT_CHECK(GtMakeLink("\\DosDevices\\R:", "\\Device\\RamFs", &link) == STATUS_SUCCESS);
    GT_CHECK(GtMakeLink("\\DosDevices\\C:", "\\Device\\Harddisk0\\Partition1", &c) ==
             STATUS_SUCCESS);
    p = GtStartProcess("wintest win32");
    GT_CHECK(p != NULL && GtWaitProcess(p) == STATUS_SUCCESS);
    GT_CHECK(RamFsStats.Flushes == 1 && RamFsStats.Deletes >= 3);
    GT_CHECK(RamFsStats.Cleanups == RamFsStats.Creates && RamFsStats.Closes == RamFsStats.Creates);
    GT_CHECK(NtClose(link) == STATUS_SUCCESS && NtClose(c) == STATUS_SUCCESS);
    ObQueryDriveMap(&map);
    GT_CHECK(!(map.DriveMap & (1u << ('R' - 'A') | 1u << ('C' - 'A'))));
    GT_CHECK(IoUnloadDriver(ramfs) == STATUS_SUCCESS && RamFsStats.Unloaded);
}

static const GT_CASE GtWin32Cases[] = {
    { "files_finds_and_drives_from_a_process", GtWin32Calls },
};

const GT_SUITE GtWin32Suite = GT_SUITE_ENTRY("win32", "the Win32 file and drive calls of user/lib",
                                             GtWin32Cases);
