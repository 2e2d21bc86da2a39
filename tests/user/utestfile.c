/*
 * utestfile.c - utest's case `fileinfo` (see utest.c): the file
 * information calls from ring 3, through the real boundary, on
 * \Device\RamFs - what they do, and what a bad pointer or length gets.
 */
#include <string.h>
#include "ntmm.h"
#include "ntob.h"
#include "tests/user/ramfsctl.h"
#include "tests/user/utest.h"

static NTSTATUS UtOpenRamFs(PCSTR Path, ACCESS_MASK Access, ULONG Disposition, ULONG Options,
                            PHANDLE Handle, PIO_STATUS_BLOCK Iosb)
{
    STRING name = { (USHORT)strlen(Path), (USHORT)strlen(Path), (PCHAR)Path };
    OBJECT_ATTRIBUTES oa;

    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    return NtCreateFile(Handle, Access, &oa, Iosb, Disposition, Options);
}

/* A committed page with nothing after it: a buffer that ends there runs
   off the end of what the process has. */
static PUCHAR UtLastPage(VOID)
{
    PVOID base = NULL;
    SIZE_T size = 4096;

    if (NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size, MEM_RESERVE | MEM_COMMIT,
                                PAGE_READWRITE) != STATUS_SUCCESS)
        return NULL;
    return base;
}

/* The information calls from ring 3, through the real boundary: what
   they do, and what a bad pointer or length gets. The file is deleted on
   close at the end (test_user.c checks RamFs saw it). */
int UtFileInfo(int argc, char **argv)
{
    union { FILE_RENAME_INFORMATION Rename; UCHAR Bytes[64]; } rename;
    FILE_POSITION_INFORMATION position;
    FILE_END_OF_FILE_INFORMATION end = { 4 };
    FILE_DISPOSITION_INFORMATION dispose = { TRUE };
    FILE_FS_DEVICE_INFORMATION device;
    FILE_BASIC_INFORMATION basic;
    IO_STATUS_BLOCK iosb;
    PUCHAR page = UtLastPage();
    HANDLE h, other;
    char buf[16];

    UT_CHECK(page != NULL);
    UT_CHECK(UtOpenRamFs("\\Device\\RamFs\\UFILE", FILE_ALL_ACCESS, FILE_CREATE,
                         FILE_SYNCHRONOUS_IO_NONALERT, &h, &iosb) == STATUS_SUCCESS);
    UT_CHECK(iosb.Information == FILE_CREATED);
    UT_CHECK(NtWriteFile(h, NULL, NULL, NULL, &iosb, "ring three", 10, NULL, NULL) ==
             STATUS_SUCCESS);
    UT_CHECK(NtQueryInformationFile(h, &iosb, &position, sizeof(position),
                                    FilePositionInformation) == STATUS_SUCCESS &&
             position.CurrentByteOffset == 10);
    /* bad pointers and lengths: nothing happens to the file */
    UT_CHECK(NtQueryInformationFile(h, &iosb, (PVOID)KERNEL_ADDRESS, sizeof(basic),
                                    FileBasicInformation) == STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtQueryInformationFile(h, &iosb, (PVOID)UtFileInfo, sizeof(basic),
                                    FileBasicInformation) == STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtQueryInformationFile(h, &iosb, (PVOID)UtFileInfo, sizeof(position),
                                    FilePositionInformation) == STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtQueryInformationFile(h, (PIO_STATUS_BLOCK)KERNEL_ADDRESS, &basic, sizeof(basic),
                                    FileBasicInformation) == STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtQueryInformationFile(h, &iosb, &basic, 8, FileBasicInformation) ==
             STATUS_INFO_LENGTH_MISMATCH);
    UT_CHECK(NtSetInformationFile(h, &iosb, (PVOID)KERNEL_ADDRESS, sizeof(end),
                                  FileEndOfFileInformation) == STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtSetInformationFile(h, &iosb, page + 4096 - 4, sizeof(end),
                                  FileEndOfFileInformation) == STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtSetInformationFile(h, &iosb, &end, 0x7FFFFFFF, FileEndOfFileInformation) ==
             STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtSetInformationFile(h, NULL, &end, sizeof(end), FileEndOfFileInformation) ==
             STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtSetInformationFile(h, &iosb, &end, sizeof(end), 0) == STATUS_INVALID_INFO_CLASS);
    UT_CHECK(NtSetInformationFile((HANDLE)0x7FF0, &iosb, &end, sizeof(end),
                                  FileEndOfFileInformation) == STATUS_INVALID_HANDLE);
    UT_CHECK(NtReadFile(h, NULL, NULL, NULL, &iosb, buf, sizeof(buf), &(LONG64){ 0 }, NULL) ==
             STATUS_SUCCESS && iosb.Information == 10);
    /* a buffered answer that cannot be copied back: the status says so */
    UT_CHECK(NtQueryVolumeInformationFile(h, &iosb, page + 4096 - 8, 64, FileFsVolumeInformation)
             == STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtQueryVolumeInformationFile(h, &iosb, &device, sizeof(device),
                                          FileFsDeviceInformation) == STATUS_SUCCESS &&
             device.DeviceType == RAMFS_DEVICE_TYPE && iosb.Information == sizeof(device));
    UT_CHECK(NtQueryVolumeInformationFile(h, &iosb, (PVOID)KERNEL_ADDRESS, sizeof(device),
                                          FileFsDeviceInformation) == STATUS_ACCESS_VIOLATION);
    /* what works */
    UT_CHECK(NtSetInformationFile(h, &iosb, &end, sizeof(end), FileEndOfFileInformation) ==
             STATUS_SUCCESS);
    UT_CHECK(NtReadFile(h, NULL, NULL, NULL, &iosb, buf, sizeof(buf), &(LONG64){ 0 }, NULL) ==
             STATUS_SUCCESS && iosb.Information == 4 && memcmp(buf, "ring", 4) == 0);
    memset(&rename, 0, sizeof(rename));
    rename.Rename.FileNameLength = 20;
    memcpy(rename.Rename.FileName, "\\Device\\RamFs\\UFILE2", 20);
    UT_CHECK(NtSetInformationFile(h, &iosb, &rename, 16, FileRenameInformation) ==
             STATUS_INVALID_PARAMETER);           /* the name runs past Length */
    memcpy(page + 4096 - 32, &rename, 32);
    UT_CHECK(NtSetInformationFile(h, &iosb, page + 4096 - 32, 40, FileRenameInformation) ==
             STATUS_ACCESS_VIOLATION);            /* past the last page */
    UT_CHECK(NtSetInformationFile(h, &iosb, &rename, sizeof(rename), FileRenameInformation) ==
             STATUS_SUCCESS);
    UT_CHECK(UtOpenRamFs("\\Device\\RamFs\\UFILE", FILE_READ_DATA, FILE_OPEN, 0, &other, &iosb) ==
             STATUS_OBJECT_NAME_NOT_FOUND);
    UT_CHECK(NtFlushBuffersFile(h, &iosb) == STATUS_SUCCESS && iosb.Status == STATUS_SUCCESS);
    UT_CHECK(NtFlushBuffersFile(h, (PIO_STATUS_BLOCK)KERNEL_ADDRESS) == STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtSetInformationFile(h, &iosb, &dispose, sizeof(dispose),
                                  FileDispositionInformation) == STATUS_SUCCESS);
    UT_CHECK(NtClose(h) == STATUS_SUCCESS);
    UT_CHECK(UtOpenRamFs("\\Device\\RamFs\\UFILE2", FILE_READ_DATA, FILE_OPEN, 0, &other, &iosb)
             == STATUS_OBJECT_NAME_NOT_FOUND);
    return 0;
}
