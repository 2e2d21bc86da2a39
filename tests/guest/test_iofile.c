/*
 * test_iofile.c - the io suite's cases (test_io.c lists them) for what a
 * file system's requests look like through the native calls, from kernel
 * mode, on RamFs: NtCreateFile's dispositions and what the driver says it
 * did; FileBasicInformation; a synchronous file's position and its end of
 * file; renames in place, to a full path, over another file, across
 * devices; delete on close (CLEANUP, then CLOSE, then the name is gone);
 * directories; the volume's information, FileFsDeviceInformation answered
 * without an IRP; flush. Each checks the statuses NT gives for the wrong
 * class, length or handle right, and what the bytes, sizes and names are
 * afterwards. RamFs is loaded by the suite's ramfs_files case.
 *
 * Interface: the GT_CASE functions in test_io.h.
 */
#include <stdio.h>
#include <string.h>
#include "io/io.h"
#include "tests/guest/gtest.h"
#include "tests/guest/test_io.h"
#include "tests/guest/drivers/drivers.h"

#define RW          (FILE_READ_DATA | FILE_WRITE_DATA)
#define EVERYTHING  FILE_ALL_ACCESS

static NTSTATUS GtCreate(PCSTR Path, ACCESS_MASK Access, ULONG Disposition, ULONG Options,
                         PHANDLE Handle, ULONG_PTR *Action)
{
    STRING name = { (USHORT)strlen(Path), (USHORT)strlen(Path), (PCHAR)Path };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb = { -1, ~0u };
    NTSTATUS status;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = NtCreateFile(Handle, Access, &oa, &iosb, Disposition, Options);
    if (Action != NULL)
        *Action = iosb.Information;
    return status;
}

/* Opens Path, closes it at once: the open's status. */
static NTSTATUS GtProbe(PCSTR Path, ULONG Options)
{
    HANDLE h;
    NTSTATUS status = GtCreate(Path, FILE_READ_ATTRIBUTES, FILE_OPEN, Options, &h, NULL);

    if (NT_SUCCESS(status))
        NtClose(h);
    return status;
}

static NTSTATUS GtSet(HANDLE h, ULONG Class, PVOID Info, ULONG Length)
{
    IO_STATUS_BLOCK iosb;

    return NtSetInformationFile(h, &iosb, Info, Length, Class);
}

static LONG64 GtSize(HANDLE h)
{
    FILE_STANDARD_INFORMATION info;
    IO_STATUS_BLOCK iosb;

    if (NtQueryInformationFile(h, &iosb, &info, sizeof(info), FileStandardInformation) !=
        STATUS_SUCCESS)
        return -1;
    return info.EndOfFile;
}

static NTSTATUS GtPut(HANDLE h, const char *Text, const LONG64 *Offset)
{
    IO_STATUS_BLOCK iosb;

    return NtWriteFile(h, NULL, NULL, NULL, &iosb, Text, strlen(Text), Offset, NULL);
}

/* Reads Length bytes at *Offset (or the file's position) into Buffer;
   the bytes read, or -1. */
static LONG GtGet(HANDLE h, PVOID Buffer, ULONG Length, const LONG64 *Offset)
{
    IO_STATUS_BLOCK iosb;
    NTSTATUS status = NtReadFile(h, NULL, NULL, NULL, &iosb, Buffer, Length, Offset, NULL);

    return status == STATUS_SUCCESS ? (LONG)iosb.Information : -1;
}

/* The device behind a handle: its IRP log counts the IRPs it was sent. */
static PDEVICE_OBJECT GtDeviceOf(HANDLE h)
{
    PFILE_OBJECT file;
    PDEVICE_OBJECT device;

    if (!NT_SUCCESS(ObReferenceObjectByHandle(h, 0, IoFileObjectType, KernelMode,
                                              (PVOID *)&file, NULL)))
        return NULL;
    device = file->DeviceObject;
    ObDereferenceObject(file);
    return device;
}

/* The major functions of the last Count IRPs Device was sent, oldest first. */
static VOID GtLastDispatched(PDEVICE_OBJECT Device, UCHAR *Majors, ULONG Count)
{
    ULONG found = 0, i = Device->IrpLogNext;

    while (found < Count && i-- > 0 && Device->IrpLogNext - i <= IRP_LOG_SIZE) {
        const IRP_LOG_ENTRY *e = &Device->IrpLog[i % IRP_LOG_SIZE];
        if (e->Event == IRP_LOG_DISPATCH)
            Majors[Count - ++found] = e->MajorFunction;
    }
}

static VOID GtRename(HANDLE h, PCSTR Name, BOOLEAN Replace, NTSTATUS Expected)
{
    union { FILE_RENAME_INFORMATION Info; UCHAR Bytes[96]; } u;
    NTSTATUS status;

    memset(&u, 0, sizeof(u));
    u.Info.ReplaceIfExists = Replace;
    u.Info.FileNameLength = strlen(Name);
    memcpy(u.Info.FileName, Name, u.Info.FileNameLength);
    status = GtSet(h, FileRenameInformation, &u, sizeof(u));
    if (status != Expected)
        printf("    # rename to %s: 0x%08lx, expected 0x%08lx\n", Name, (unsigned long)status,
               (unsigned long)Expected);
    GT_CHECK(status == Expected);
}

/* ------------------------------------------------------------ the cases */

VOID GtFileDispositions(VOID)
{
    HANDLE h, h2;
    ULONG_PTR action;
    LONG creates;

    GT_CHECK(GtCreate("\\Device\\RamFs\\DOC", RW, FILE_CREATE, 0, &h, &action) ==
             STATUS_SUCCESS && action == FILE_CREATED);
    GT_CHECK(GtPut(h, "hello, world", &(LONG64){ 0 }) == STATUS_SUCCESS);
    GT_CHECK(GtCreate("\\Device\\RamFs\\doc", RW, FILE_OPEN_IF, 0, &h2, &action) ==
             STATUS_SUCCESS && action == FILE_OPENED && GtSize(h2) == 12);
    NtClose(h2);
    GT_CHECK(GtCreate("\\Device\\RamFs\\NONE", RW, FILE_OVERWRITE, 0, &h2, NULL) ==
             STATUS_OBJECT_NAME_NOT_FOUND);
    GT_CHECK(GtCreate("\\Device\\RamFs\\DOC", RW, FILE_OVERWRITE, 0, &h2, &action) ==
             STATUS_SUCCESS && action == FILE_OVERWRITTEN && GtSize(h) == 0);
    NtClose(h2);
    GtPut(h, "again", &(LONG64){ 0 });
    GT_CHECK(GtCreate("\\Device\\RamFs\\DOC", RW, FILE_SUPERSEDE, 0, &h2, &action) ==
             STATUS_SUCCESS && action == FILE_SUPERSEDED && GtSize(h) == 0);
    NtClose(h2);
    GT_CHECK(GtCreate("\\Device\\RamFs\\NEW1", RW, FILE_SUPERSEDE, 0, &h2, &action) ==
             STATUS_SUCCESS && action == FILE_CREATED);
    NtClose(h2);
    GT_CHECK(GtCreate("\\Device\\RamFs\\NEW2", RW, FILE_OVERWRITE_IF, 0, &h2, &action) ==
             STATUS_SUCCESS && action == FILE_CREATED);
    NtClose(h2);
    creates = RamFsStats.Creates;           /* refused before the driver is asked */
    GT_CHECK(GtCreate("\\Device\\RamFs\\NEW3", RW, 6, 0, &h2, NULL) == STATUS_INVALID_PARAMETER);
    GT_CHECK(GtCreate("\\Device\\RamFs\\NEW3", RW, FILE_OPEN, 0x01000000, &h2, NULL) ==
             STATUS_INVALID_PARAMETER);
    GT_CHECK(GtCreate("\\Device\\RamFs\\NEW3", RW, FILE_CREATE,
                      FILE_DIRECTORY_FILE | FILE_NON_DIRECTORY_FILE, &h2, NULL) ==
             STATUS_INVALID_PARAMETER);
    GT_CHECK(GtCreate("\\Device\\RamFs\\NEW3", RW, FILE_OVERWRITE_IF, FILE_DIRECTORY_FILE, &h2,
                      NULL) == STATUS_INVALID_PARAMETER);
    GT_CHECK(RamFsStats.Creates == creates);
    NtClose(h);
}

VOID GtFileBasicInformation(VOID)
{
    FILE_BASIC_INFORMATION basic, set;
    IO_STATUS_BLOCK iosb;
    HANDLE h, weak;

    GT_CHECK(GtCreate("\\Device\\RamFs\\DOC", EVERYTHING, FILE_OPEN, 0, &h, NULL) ==
             STATUS_SUCCESS);
    GT_CHECK(NtQueryInformationFile(h, &iosb, &basic, sizeof(basic), FileBasicInformation) ==
             STATUS_SUCCESS && iosb.Information == sizeof(basic));
    GT_CHECK(basic.FileAttributes == FILE_ATTRIBUTE_ARCHIVE);
    GT_CHECK(basic.CreationTime >= 124649280000000000LL &&
             basic.LastWriteTime >= basic.CreationTime);
    memset(&set, 0, sizeof(set));
    set.CreationTime = 125000000000000000LL;
    set.FileAttributes = FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_HIDDEN;
    GT_CHECK(GtSet(h, FileBasicInformation, &set, sizeof(set)) == STATUS_SUCCESS);
    NtQueryInformationFile(h, &iosb, &set, sizeof(set), FileBasicInformation);
    GT_CHECK(set.CreationTime == 125000000000000000LL &&
             set.LastWriteTime == basic.LastWriteTime &&      /* 0: left alone */
             set.FileAttributes == (FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_HIDDEN));
    memset(&set, 0, sizeof(set));
    set.FileAttributes = FILE_ATTRIBUTE_NORMAL;
    GT_CHECK(GtSet(h, FileBasicInformation, &set, sizeof(set)) == STATUS_SUCCESS);
    NtQueryInformationFile(h, &iosb, &set, sizeof(set), FileBasicInformation);
    GT_CHECK(set.FileAttributes == FILE_ATTRIBUTE_NORMAL);     /* what "none" reads as */
    GT_CHECK(NtQueryInformationFile(h, &iosb, &set, sizeof(set) - 4, FileBasicInformation) ==
             STATUS_INFO_LENGTH_MISMATCH);
    GT_CHECK(NtQueryInformationFile(h, &iosb, &set, sizeof(set), FileRenameInformation) ==
             STATUS_INVALID_INFO_CLASS);
    GT_CHECK(GtSet(h, FileStandardInformation, &set, sizeof(set)) == STATUS_INVALID_INFO_CLASS);
    GT_CHECK(GtSet(h, 99, &set, sizeof(set)) == STATUS_INVALID_INFO_CLASS);
    GT_CHECK(GtCreate("\\Device\\RamFs\\DOC", FILE_WRITE_DATA, FILE_OPEN, 0, &weak, NULL) ==
             STATUS_SUCCESS);
    GT_CHECK(NtQueryInformationFile(weak, &iosb, &set, sizeof(set), FileBasicInformation) ==
             STATUS_ACCESS_DENIED);
    GT_CHECK(GtSet(weak, FileBasicInformation, &set, sizeof(set)) == STATUS_ACCESS_DENIED);
    GT_CHECK(NtQueryInformationFile(weak, &iosb, &set, sizeof(FILE_STANDARD_INFORMATION),
                                    FileStandardInformation) == STATUS_SUCCESS);
    NtClose(weak);
    NtClose(h);
}

/* A file opened for synchronous I/O has a position the I/O manager keeps:
   reads and writes without an offset use it and move it; setting and
   asking for it send no IRP. The end of file cuts and extends. */
VOID GtFilePositionAndEnd(VOID)
{
    FILE_POSITION_INFORMATION position;
    FILE_END_OF_FILE_INFORMATION end;
    IO_STATUS_BLOCK iosb;
    PDEVICE_OBJECT device;
    ULONG irps;
    HANDLE h, reader;
    char buf[16];

    GT_CHECK(GtCreate("\\Device\\RamFs\\POS", RW, FILE_CREATE, FILE_SYNCHRONOUS_IO_NONALERT,
                      &h, NULL) == STATUS_SUCCESS);
    GT_CHECK(GtPut(h, "abcdef", NULL) == STATUS_SUCCESS && GtPut(h, "gh", NULL) == STATUS_SUCCESS);
    device = GtDeviceOf(h);
    irps = device->IrpLogNext;
    GT_CHECK(NtQueryInformationFile(h, &iosb, &position, sizeof(position),
                                    FilePositionInformation) == STATUS_SUCCESS);
    GT_CHECK(position.CurrentByteOffset == 8 && iosb.Information == sizeof(position));
    position.CurrentByteOffset = 2;
    GT_CHECK(GtSet(h, FilePositionInformation, &position, sizeof(position)) == STATUS_SUCCESS);
    GT_CHECK(device->IrpLogNext == irps);       /* the I/O manager's own answers */
    GT_CHECK(GtGet(h, buf, 3, NULL) == 3 && memcmp(buf, "cde", 3) == 0);
    NtQueryInformationFile(h, &iosb, &position, sizeof(position), FilePositionInformation);
    GT_CHECK(position.CurrentByteOffset == 5);
    position.CurrentByteOffset = -1;
    GT_CHECK(GtSet(h, FilePositionInformation, &position, sizeof(position)) ==
             STATUS_INVALID_PARAMETER);
    end.EndOfFile = 4;
    GT_CHECK(GtSet(h, FileEndOfFileInformation, &end, sizeof(end)) == STATUS_SUCCESS);
    GT_CHECK(GtSize(h) == 4 && GtGet(h, buf, sizeof(buf), &(LONG64){ 0 }) == 4);
    GT_CHECK(GtGet(h, buf, sizeof(buf), &(LONG64){ 4 }) == -1);       /* end of file */
    end.EndOfFile = 10;
    GT_CHECK(GtSet(h, FileEndOfFileInformation, &end, sizeof(end)) == STATUS_SUCCESS);
    memset(buf, 0x55, sizeof(buf));
    GT_CHECK(GtGet(h, buf, sizeof(buf), &(LONG64){ 0 }) == 10);
    GT_CHECK(memcmp(buf, "abcd\0\0\0\0\0\0", 10) == 0);
    end.EndOfFile = 5000;
    GT_CHECK(GtSet(h, FileEndOfFileInformation, &end, sizeof(end)) == STATUS_DISK_FULL);
    end.EndOfFile = -2;
    GT_CHECK(GtSet(h, FileEndOfFileInformation, &end, sizeof(end)) == STATUS_INVALID_PARAMETER);
    GT_CHECK(GtSet(h, FileEndOfFileInformation, &end, 4) == STATUS_INFO_LENGTH_MISMATCH);
    GT_CHECK(GtCreate("\\Device\\RamFs\\POS", FILE_READ_DATA, FILE_OPEN, 0, &reader, NULL) ==
             STATUS_SUCCESS);
    end.EndOfFile = 0;
    GT_CHECK(GtSet(reader, FileEndOfFileInformation, &end, sizeof(end)) == STATUS_ACCESS_DENIED);
    irps = device->IrpLogNext;                  /* not synchronous: the driver answers */
    GT_CHECK(NtQueryInformationFile(reader, &iosb, &position, sizeof(position),
                                    FilePositionInformation) == STATUS_SUCCESS);
    GT_CHECK(position.CurrentByteOffset == 0 && device->IrpLogNext > irps);
    NtClose(reader);
    NtClose(h);
}

VOID GtFileRename(VOID)
{
    union { FILE_RENAME_INFORMATION Info; UCHAR Bytes[32]; } bad;
    HANDLE a, b, dir, weak;
    LONG creates = RamFsStats.Creates, cleanups = RamFsStats.Cleanups;
    char buf[8];

    GT_CHECK(GtCreate("\\Device\\RamFs\\ALPHA", EVERYTHING, FILE_CREATE, 0, &a, NULL) ==
             STATUS_SUCCESS);
    GtPut(a, "alpha", &(LONG64){ 0 });
    GT_CHECK(GtCreate("\\Device\\RamFs\\BETA", EVERYTHING, FILE_CREATE, 0, &b, NULL) ==
             STATUS_SUCCESS);
    GT_CHECK(GtCreate("\\Device\\RamFs\\SUB", FILE_LIST_DIRECTORY, FILE_CREATE,
                      FILE_DIRECTORY_FILE, &dir, NULL) == STATUS_SUCCESS);
    NtClose(dir);
    GtRename(a, "GAMMA", FALSE, STATUS_SUCCESS);                 /* in place */
    GT_CHECK(GtProbe("\\Device\\RamFs\\GAMMA", 0) == STATUS_SUCCESS);
    GT_CHECK(GtProbe("\\Device\\RamFs\\ALPHA", 0) == STATUS_OBJECT_NAME_NOT_FOUND);
    creates = RamFsStats.Creates;
    cleanups = RamFsStats.Cleanups;
    GtRename(a, "\\Device\\RamFs\\SUB\\DELTA", FALSE, STATUS_SUCCESS);    /* moved */
    GT_CHECK(RamFsStats.Creates == creates + 1 && RamFsStats.Cleanups == cleanups + 1);
    GT_CHECK(GtProbe("\\Device\\RamFs\\SUB\\DELTA", 0) == STATUS_SUCCESS);
    GT_CHECK(GtProbe("\\Device\\RamFs\\GAMMA", 0) == STATUS_OBJECT_NAME_NOT_FOUND);
    GtRename(a, "\\Device\\RamFs\\BETA", FALSE, STATUS_OBJECT_NAME_COLLISION);
    GtRename(a, "\\Device\\RamFs\\BETA", TRUE, STATUS_ACCESS_DENIED);    /* BETA is open */
    NtClose(b);
    GtRename(a, "\\Device\\RamFs\\BETA", TRUE, STATUS_SUCCESS);
    GT_CHECK(GtCreate("\\Device\\RamFs\\BETA", FILE_READ_DATA, FILE_OPEN, 0, &b, NULL) ==
             STATUS_SUCCESS && GtGet(b, buf, 8, &(LONG64){ 0 }) == 5 &&
             memcmp(buf, "alpha", 5) == 0);
    NtClose(b);
    GtRename(a, "\\Device\\Null\\ELSEWHERE", FALSE, STATUS_NOT_SAME_DEVICE);
    GtRename(a, "\\Device\\RamFs\\NODIR\\X", FALSE, STATUS_OBJECT_PATH_NOT_FOUND);
    GtRename(a, "\\Device\\Nothing\\X", FALSE, STATUS_OBJECT_PATH_NOT_FOUND);
    GtRename(a, "SUB\\X", FALSE, STATUS_OBJECT_NAME_INVALID);
    memset(&bad, 0, sizeof(bad));
    bad.Info.FileNameLength = sizeof(bad) - offsetof(FILE_RENAME_INFORMATION, FileName) + 1;
    GT_CHECK(GtSet(a, FileRenameInformation, &bad, sizeof(bad)) == STATUS_INVALID_PARAMETER);
    bad.Info.FileNameLength = 3;                 /* NULs are no name */
    GT_CHECK(GtSet(a, FileRenameInformation, &bad, sizeof(bad)) == STATUS_OBJECT_NAME_INVALID);
    bad.Info.FileNameLength = 0;
    GT_CHECK(GtSet(a, FileRenameInformation, &bad, sizeof(bad)) == STATUS_INVALID_PARAMETER);
    bad.Info.FileNameLength = 1;
    bad.Info.FileName[0] = 'Z';
    bad.Info.RootDirectory = a;
    GT_CHECK(GtSet(a, FileRenameInformation, &bad, sizeof(bad)) == STATUS_INVALID_PARAMETER);
    GT_CHECK(GtSet(a, FileRenameInformation, &bad, 12) == STATUS_INFO_LENGTH_MISMATCH);
    GT_CHECK(GtCreate("\\Device\\RamFs\\BETA", RW, FILE_OPEN, 0, &weak, NULL) == STATUS_SUCCESS);
    GtRename(weak, "OMEGA", FALSE, STATUS_ACCESS_DENIED);           /* no DELETE right */
    NtClose(weak);
    NtClose(a);
}

/* Delete on close: the name stays while a handle is open (new opens see
   STATUS_DELETE_PENDING) and goes at the last CLEANUP, before CLOSE. */
VOID GtFileDeleteOnClose(VOID)
{
    FILE_DISPOSITION_INFORMATION dispose = { TRUE };
    FILE_STANDARD_INFORMATION standard;
    FILE_BASIC_INFORMATION basic;
    IO_STATUS_BLOCK iosb;
    HANDLE h, h2, weak;
    PDEVICE_OBJECT device;
    LONG deletes = RamFsStats.Deletes;
    UCHAR majors[2] = { 0, 0 };

    GT_CHECK(GtCreate("\\Device\\RamFs\\DOOMED", EVERYTHING, FILE_CREATE, 0, &h, NULL) ==
             STATUS_SUCCESS);
    GT_CHECK(GtCreate("\\Device\\RamFs\\DOOMED", FILE_READ_DATA, FILE_OPEN, 0, &h2, NULL) ==
             STATUS_SUCCESS);
    GT_CHECK(GtSet(h2, FileDispositionInformation, &dispose, sizeof(dispose)) ==
             STATUS_ACCESS_DENIED);
    GT_CHECK(GtSet(h, FileDispositionInformation, &dispose, 0) == STATUS_INFO_LENGTH_MISMATCH);
    GT_CHECK(GtSet(h, FileDispositionInformation, &dispose, sizeof(dispose)) == STATUS_SUCCESS);
    NtClose(h);
    GT_CHECK(RamFsStats.Deletes == deletes);
    GT_CHECK(GtProbe("\\Device\\RamFs\\DOOMED", 0) == STATUS_DELETE_PENDING);
    GT_CHECK(NtQueryInformationFile(h2, &iosb, &standard, sizeof(standard),
                                    FileStandardInformation) == STATUS_SUCCESS &&
             standard.DeletePending);
    device = GtDeviceOf(h2);
    NtClose(h2);
    GtLastDispatched(device, majors, 2);
    GT_CHECK(majors[0] == IRP_MJ_CLEANUP && majors[1] == IRP_MJ_CLOSE);
    GT_CHECK(RamFsStats.Deletes == deletes + 1);
    GT_CHECK(GtProbe("\\Device\\RamFs\\DOOMED", 0) == STATUS_OBJECT_NAME_NOT_FOUND);
    /* a delete taken back; a read-only file cannot be deleted */
    GT_CHECK(GtCreate("\\Device\\RamFs\\KEPT", EVERYTHING, FILE_CREATE, 0, &h, NULL) ==
             STATUS_SUCCESS);
    GtSet(h, FileDispositionInformation, &dispose, sizeof(dispose));
    dispose.DeleteFile = FALSE;
    GT_CHECK(GtSet(h, FileDispositionInformation, &dispose, sizeof(dispose)) == STATUS_SUCCESS);
    memset(&basic, 0, sizeof(basic));
    basic.FileAttributes = FILE_ATTRIBUTE_READONLY;
    GtSet(h, FileBasicInformation, &basic, sizeof(basic));
    dispose.DeleteFile = TRUE;
    GT_CHECK(GtSet(h, FileDispositionInformation, &dispose, sizeof(dispose)) ==
             STATUS_CANNOT_DELETE);
    GT_CHECK(GtCreate("\\Device\\RamFs\\KEPT", FILE_READ_ATTRIBUTES, FILE_OPEN, 0, &weak, NULL) ==
             STATUS_SUCCESS);
    NtClose(weak);
    NtClose(h);
    GT_CHECK(GtProbe("\\Device\\RamFs\\KEPT", 0) == STATUS_SUCCESS);
}

/* Lists a directory's names, space-separated, into Names; the count. */
static ULONG GtList(HANDLE Directory, PCHAR Names, ULONG Size, ULONG *Attributes)
{
    union { FILE_DIRECTORY_INFORMATION First; UCHAR Bytes[512]; } list;
    FILE_DIRECTORY_INFORMATION *e = &list.First;
    IO_STATUS_BLOCK iosb;
    ULONG count = 0;

    Names[0] = '\0';
    *Attributes = 0;
    if (NtQueryDirectoryFile(Directory, NULL, NULL, NULL, &iosb, &list, sizeof(list),
                             FileDirectoryInformation, FALSE, NULL, TRUE) != STATUS_SUCCESS)
        return 0;
    for (;; e = (FILE_DIRECTORY_INFORMATION *)((PUCHAR)e + e->NextEntryOffset)) {
        count++;
        strncat(Names, e->FileName, e->FileNameLength < Size / 2 ? e->FileNameLength : 0);
        strncat(Names, " ", Size - strlen(Names) - 1);
        *Attributes |= e->FileAttributes;
        if (e->NextEntryOffset == 0)
            return count;
    }
}

VOID GtFileDirectories(VOID)
{
    FILE_DISPOSITION_INFORMATION dispose = { TRUE };
    HANDLE dir, file, root;
    ULONG_PTR action;
    ULONG attributes;
    char names[128], buf[4];

    GT_CHECK(GtCreate("\\Device\\RamFs\\MAIL", EVERYTHING, FILE_CREATE, FILE_DIRECTORY_FILE, &dir,
                      &action) == STATUS_SUCCESS && action == FILE_CREATED);
    GT_CHECK(GtCreate("\\Device\\RamFs\\MAIL", FILE_LIST_DIRECTORY, FILE_CREATE,
                      FILE_DIRECTORY_FILE, &file, NULL) == STATUS_OBJECT_NAME_COLLISION);
    GT_CHECK(GtCreate("\\Device\\RamFs\\MAIL\\Q1", EVERYTHING, FILE_CREATE, 0, &file, NULL) ==
             STATUS_SUCCESS);
    GT_CHECK(GtList(dir, names, sizeof(names), &attributes) == 1 && strcmp(names, "Q1 ") == 0);
    GT_CHECK(GtCreate("\\Device\\RamFs\\", FILE_LIST_DIRECTORY, FILE_OPEN, 0, &root, NULL) ==
             STATUS_SUCCESS);
    GT_CHECK(GtList(root, names, sizeof(names), &attributes) > 1 && strstr(names, "MAIL ") &&
             !strstr(names, "Q1") && (attributes & FILE_ATTRIBUTE_DIRECTORY));
    NtClose(root);
    GT_CHECK(GtProbe("\\Device\\RamFs\\MAIL", FILE_NON_DIRECTORY_FILE) == STATUS_FILE_IS_A_DIRECTORY);
    GT_CHECK(GtProbe("\\Device\\RamFs\\MAIL\\Q1", FILE_DIRECTORY_FILE) == STATUS_NOT_A_DIRECTORY);
    GT_CHECK(GtProbe("\\Device\\RamFs\\MAIL\\Q1\\", 0) == STATUS_NOT_A_DIRECTORY);
    GT_CHECK(GtProbe("\\Device\\RamFs\\MAIL\\", 0) == STATUS_SUCCESS);
    GT_CHECK(GtProbe("\\Device\\RamFs\\NOPE\\Q1", 0) == STATUS_OBJECT_PATH_NOT_FOUND);
    GT_CHECK(GtProbe("\\Device\\RamFs\\MAIL\\Q1\\X", 0) == STATUS_OBJECT_PATH_NOT_FOUND);
    GT_CHECK(GtProbe("\\Device\\RamFs\\THIS-NAME-IS-LONGER-THAN-RAMFS-HOLDS", 0) ==
             STATUS_OBJECT_NAME_INVALID);
    GT_CHECK(GtGet(dir, buf, sizeof(buf), &(LONG64){ 0 }) == -1);
    GT_CHECK(GtSet(dir, FileDispositionInformation, &dispose, sizeof(dispose)) ==
             STATUS_DIRECTORY_NOT_EMPTY);
    GT_CHECK(GtSet(file, FileDispositionInformation, &dispose, sizeof(dispose)) == STATUS_SUCCESS);
    NtClose(file);
    GT_CHECK(GtSet(dir, FileDispositionInformation, &dispose, sizeof(dispose)) == STATUS_SUCCESS);
    NtClose(dir);
    GT_CHECK(GtProbe("\\Device\\RamFs\\MAIL", 0) == STATUS_OBJECT_NAME_NOT_FOUND);
}

/* The volume: its label cut to a short buffer (a warning: the part that
   fits is still copied back), its size, the file system, the device -
   the last answered by the I/O manager without an IRP. */
VOID GtFileVolumeInformation(VOID)
{
    union { FILE_FS_VOLUME_INFORMATION Volume; FILE_FS_ATTRIBUTE_INFORMATION Fs;
            UCHAR Bytes[64]; } u;
    FILE_FS_DEVICE_INFORMATION device;
    IO_STATUS_BLOCK iosb;
    PDEVICE_OBJECT ramfs;
    HANDLE vol, null;
    ULONG irps;

    GT_CHECK(GtCreate("\\Device\\RamFs", FILE_READ_DATA, FILE_OPEN, 0, &vol, NULL) ==
             STATUS_SUCCESS);
    memset(&u, 0, sizeof(u));
    GT_CHECK(NtQueryVolumeInformationFile(vol, &iosb, &u, sizeof(u), FileFsVolumeInformation) ==
             STATUS_SUCCESS);
    GT_CHECK(u.Volume.VolumeLabelLength == 12 && memcmp(u.Volume.VolumeLabel, "IRPLAB RAMFS", 12)
             == 0 && u.Volume.VolumeSerialNumber == 0x0150047A && !u.Volume.SupportsObjects);
    GT_CHECK(iosb.Information == offsetof(FILE_FS_VOLUME_INFORMATION, VolumeLabel) + 12);
    memset(&u, 0, sizeof(u));
    GT_CHECK(NtQueryVolumeInformationFile(vol, &iosb, &u, sizeof(FILE_FS_VOLUME_INFORMATION),
                                          FileFsVolumeInformation) == STATUS_BUFFER_OVERFLOW);
    GT_CHECK(iosb.Status == STATUS_BUFFER_OVERFLOW && iosb.Information == 24);
    GT_CHECK(u.Volume.VolumeLabelLength == 12 && memcmp(u.Volume.VolumeLabel, "IRPLAB ", 7) == 0);
    GT_CHECK(NtQueryVolumeInformationFile(vol, &iosb, &u, 20, FileFsVolumeInformation) ==
             STATUS_INFO_LENGTH_MISMATCH);
    GT_CHECK(NtQueryVolumeInformationFile(vol, &iosb, &u, sizeof(u), FileFsAttributeInformation)
             == STATUS_SUCCESS);
    GT_CHECK(u.Fs.FileSystemNameLength == 5 && memcmp(u.Fs.FileSystemName, "RAMFS", 5) == 0 &&
             u.Fs.MaximumComponentNameLength == 31);
    GT_CHECK(NtQueryVolumeInformationFile(vol, &iosb, &u, sizeof(u), 2) ==
             STATUS_INVALID_INFO_CLASS);
    ramfs = GtDeviceOf(vol);
    irps = ramfs->IrpLogNext;
    GT_CHECK(NtQueryVolumeInformationFile(vol, &iosb, &device, sizeof(device),
                                          FileFsDeviceInformation) == STATUS_SUCCESS);
    GT_CHECK(device.DeviceType == FILE_DEVICE_DISK_FILE_SYSTEM && device.Characteristics == 0 &&
             iosb.Information == sizeof(device) && ramfs->IrpLogNext == irps);
    GT_CHECK(GtCreate("\\Device\\Null", FILE_READ_DATA, FILE_OPEN, 0, &null, NULL) ==
             STATUS_SUCCESS);
    GT_CHECK(NtQueryVolumeInformationFile(null, &iosb, &device, sizeof(device),
                                          FileFsDeviceInformation) == STATUS_SUCCESS &&
             device.DeviceType == FILE_DEVICE_NULL);
    NtClose(null);
    NtClose(vol);
}

VOID GtFileFlush(VOID)
{
    IO_STATUS_BLOCK iosb;
    LONG flushes = RamFsStats.Flushes;
    HANDLE h, reader;

    GT_CHECK(GtCreate("\\Device\\RamFs\\DOC", FILE_WRITE_DATA, FILE_OPEN, 0, &h, NULL) ==
             STATUS_SUCCESS);
    GT_CHECK(NtFlushBuffersFile(h, &iosb) == STATUS_SUCCESS && iosb.Status == STATUS_SUCCESS);
    GT_CHECK(RamFsStats.Flushes == flushes + 1);
    GT_CHECK(NtFlushBuffersFile(h, NULL) == STATUS_ACCESS_VIOLATION);
    GT_CHECK(GtCreate("\\Device\\RamFs\\DOC", FILE_READ_DATA, FILE_OPEN, 0, &reader, NULL) ==
             STATUS_SUCCESS);
    GT_CHECK(NtFlushBuffersFile(reader, &iosb) == STATUS_ACCESS_DENIED);
    GT_CHECK(RamFsStats.Flushes == flushes + 1);
    GT_CHECK(NtFlushBuffersFile((HANDLE)0x7FF0, &iosb) == STATUS_INVALID_HANDLE);
    NtClose(reader);
    NtClose(h);
}
