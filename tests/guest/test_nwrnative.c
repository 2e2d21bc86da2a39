/*
 * test_nwrnative.c - cases of the guest suite `nwrdr` (test_nwrdr.c lists
 * them) that use NWRDR as kernel-mode code does, through the native calls,
 * each from a process of its own (system threads only): its NWRDR context
 * is its own, and ends with it, as a program's does.
 *
 *   native_files     SYS:NWNATIVE made, and in it: a file written (more
 *                    than one NCP piece) and read back, with its standard
 *                    size; every create disposition (create and its
 *                    collision, supersede, overwrite, open-if,
 *                    overwrite-if); a rename to a full path; a delete on
 *                    close. Then NtQueryDirectoryFile's listings of
 *                    NWNATIVE and of PUBLIC, SAMPLE.DAT's standard size and
 *                    the volume's four classes, printed for
 *                    tests/test_nwrdr.py to compare with the host's volume.
 *   dead_connection  the server ends the connection under an open file
 *                    (Clear Connection Number, FCONSOLE's): the next read
 *                    fails with STATUS_CONNECTION_DISCONNECTED as soon as
 *                    the answer's status says so, every later one before
 *                    the wire. The letter, deleted (forced: the file is
 *                    open) and connected again, is a new connection beside
 *                    the dead one, its server found in the SAP cache, and
 *                    reads the file whole; the dead open fails still.
 *   forced_delete    K: deleted by the FSCTL with Force while a file is
 *                    open: the open's reads fail with
 *                    STATUS_CONNECTION_DISCONNECTED, the server keeps the
 *                    NCP connection until the open's close ends it. Then
 *                    the same through WNetCancelConnection2A(X:, 0, TRUE)
 *                    in a process (tests/user/nwtest.c's force).
 */
#include <stdio.h>
#include <string.h>
#include "ex/ex.h"
#include "io/io.h"
#include "ps/ps.h"
#include "drivers/nwrdr/nwrdrp.h"
#include "tests/guest/gtest.h"

#define GT_K        NWR_DEVICE_NAME "\\;K:\\NWSERVER\\SYS"
#define GT_NATIVE   GT_K "\\NWNATIVE"
#define GT_SAMPLE   GT_K "\\PUBLIC\\SAMPLE.DAT"
#define GT_WRITTEN  3000        /* WRITTEN.DAT's bytes: three NCP pieces */
#define GT_PIECE    512

static NWR_STATISTICS GtStats(VOID)
{
    NWR_STATISTICS s;

    NwrQueryStatistics(&s);
    return s;
}

/* Runs Routine in a process made for it (system threads only) and waits
   for the process's end: NWRDR has ended its context by then. */
static VOID GtInProcess(PCSTR Name, PKSTART_ROUTINE Routine)
{
    static const LUID system = { 0x3E7, 0 };
    PEPROCESS p;
    PETHREAD t;
    NTSTATUS status = PsCreateProcess(Name, "SYSTEM", system, &p);

    GT_CHECK(status == STATUS_SUCCESS);
    if (!NT_SUCCESS(status))
        return;
    status = PsCreateSystemThread(p, Name, Routine, NULL, &t);
    GT_CHECK(status == STATUS_SUCCESS);
    if (NT_SUCCESS(status)) {
        KeWaitForSingleObject(&p->Pcb.Header, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(t);
    }
    ObDereferenceObject(p);
}

/* \Device\NwRdr opened, and K: tied to NWSERVER\SYS in this process. */
static BOOLEAN GtConnectK(PHANDLE Rdr)
{
    NTSTATUS status = GtNwrOpen(NWR_DEVICE_NAME, FILE_OPEN, 0, Rdr, NULL);

    if (NT_SUCCESS(status))
        status = GtNwrConnect(*Rdr, GT_K);
    GT_CHECK(status == STATUS_SUCCESS);
    return NT_SUCCESS(status);
}

static NTSTATUS GtDeleteK(HANDLE Rdr, BOOLEAN Force)
{
    NWR_DISCONNECT_REQUEST d = { "K:", Force };
    CHAR target[NWR_MAX_TARGET];

    return GtNwrFsctl(Rdr, FSCTL_NWR_DELETE_CONNECTION, &d, sizeof(d), target, sizeof(target));
}

/* The server's number of this process's connection for K: (0: no K:). */
static USHORT GtConnectionOfK(HANDLE Rdr)
{
    UCHAR listing[sizeof(NWR_CONNECTION_LIST) + sizeof(NWR_CONNECTION_INFO)];
    PNWR_CONNECTION_LIST list = (PNWR_CONNECTION_LIST)listing;

    if (GtNwrFsctl(Rdr, FSCTL_NWR_ENUM_CONNECTIONS, NULL, 0, list, sizeof(listing)) !=
        STATUS_SUCCESS || list->Count != 1)
        return 0;
    return list->Entries[0].ConnectionNumber;
}

/* A read or write that waits for its end (no event): its final status. */
static NTSTATUS GtRead(HANDLE File, PVOID Buffer, ULONG Length, LONG64 Offset, PULONG Done)
{
    IO_STATUS_BLOCK iosb = { 0 };
    NTSTATUS status = NtReadFile(File, NULL, NULL, NULL, &iosb, Buffer, Length, &Offset, NULL);

    *Done = (ULONG)iosb.Information;
    return status;
}

static NTSTATUS GtWrite(HANDLE File, const VOID *Data, ULONG Length, LONG64 Offset)
{
    IO_STATUS_BLOCK iosb = { 0 };
    NTSTATUS status = NtWriteFile(File, NULL, NULL, NULL, &iosb, Data, Length, &Offset, NULL);

    return NT_SUCCESS(status) && iosb.Information != Length ? STATUS_UNSUCCESSFUL : status;
}

/* A file made or opened by Disposition, Text written at its start. */
static NTSTATUS GtMake(PCSTR Name, ULONG Disposition, PCSTR Text, ULONG_PTR *Information)
{
    HANDLE f;
    NTSTATUS status = GtNwrOpen(Name, Disposition, FILE_NON_DIRECTORY_FILE, &f, Information);

    if (!NT_SUCCESS(status))
        return status;
    if (Text != NULL)
        status = GtWrite(f, Text, strlen(Text), 0);
    NtClose(f);
    return status;
}

/* Name's end of file, as FileStandardInformation gives it (~0u: none). */
static ULONG GtSize(PCSTR Name)
{
    FILE_STANDARD_INFORMATION standard;
    IO_STATUS_BLOCK iosb;
    ULONG size = ~0u;
    HANDLE f;

    if (GtNwrOpen(Name, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &f, NULL) != STATUS_SUCCESS)
        return size;
    if (NtQueryInformationFile(f, &iosb, &standard, sizeof(standard),
                               FileStandardInformation) == STATUS_SUCCESS && !standard.Directory)
        size = (ULONG)standard.EndOfFile;
    NtClose(f);
    return size;
}

/* The whole of File, from its start, in reads of an odd size: its size and
   FNV-1a, as the harness hashes the host's copy. */
static NTSTATUS GtHashFile(HANDLE File, PULONG Size, PULONG Hash)
{
    static UCHAR buffer[777];
    NTSTATUS status;
    ULONG done;

    *Size = 0;
    *Hash = 2166136261u;
    while ((status = GtRead(File, buffer, sizeof(buffer), *Size, &done)) == STATUS_SUCCESS) {
        for (ULONG i = 0; i < done; i++)
            *Hash = (*Hash ^ buffer[i]) * 16777619u;
        *Size += done;
    }
    return status == STATUS_END_OF_FILE ? STATUS_SUCCESS : status;
}

/* ------------------------------------------------------------ native_files */

/* WRITTEN.DAT: byte i is i * 13 + 7, written in one call, read back. */
static VOID GtWrittenFile(VOID)
{
    static UCHAR data[GT_WRITTEN], back[GT_WRITTEN];
    ULONG_PTR information = ~0u;
    ULONG done = 0, i;
    HANDLE f;

    for (i = 0; i < GT_WRITTEN; i++)
        data[i] = (UCHAR)(i * 13 + 7);
    GT_CHECK(GtNwrOpen(GT_NATIVE "\\WRITTEN.DAT", FILE_CREATE, FILE_NON_DIRECTORY_FILE, &f,
                       &information) == STATUS_SUCCESS && information == FILE_CREATED);
    GT_CHECK(GtWrite(f, data, GT_WRITTEN, 0) == STATUS_SUCCESS);
    NtClose(f);
    GT_CHECK(GtSize(GT_NATIVE "\\WRITTEN.DAT") == GT_WRITTEN);
    GT_CHECK(GtNwrOpen(GT_NATIVE "\\WRITTEN.DAT", FILE_OPEN, FILE_NON_DIRECTORY_FILE, &f,
                       NULL) == STATUS_SUCCESS);
    GT_CHECK(GtRead(f, back, sizeof(back), 0, &done) == STATUS_SUCCESS && done == GT_WRITTEN);
    GT_CHECK(memcmp(back, data, GT_WRITTEN) == 0);
    NtClose(f);
}

/* Every disposition, each leaving what the host will find: a shorter text
   over a longer one shows the file was emptied first. */
static VOID GtDispositions(VOID)
{
    ULONG_PTR how = ~0u;

    GT_CHECK(GtMake(GT_NATIVE "\\SUPER.TXT", FILE_CREATE, "to be superseded: a longer line\r\n",
                    &how) == STATUS_SUCCESS && how == FILE_CREATED);
    GT_CHECK(GtMake(GT_NATIVE "\\SUPER.TXT", FILE_CREATE, NULL, &how) ==
             STATUS_OBJECT_NAME_COLLISION);
    GT_CHECK(GtMake(GT_NATIVE "\\SUPER.TXT", FILE_SUPERSEDE, "superseded\r\n", &how) ==
             STATUS_SUCCESS && how == FILE_SUPERSEDED);
    GT_CHECK(GtMake(GT_NATIVE "\\NEWSUP.TXT", FILE_SUPERSEDE, NULL, &how) == STATUS_SUCCESS &&
             how == FILE_CREATED);
    GT_CHECK(GtMake(GT_NATIVE "\\OVER.TXT", FILE_OVERWRITE, NULL, &how) ==
             STATUS_OBJECT_NAME_NOT_FOUND);
    GT_CHECK(GtMake(GT_NATIVE "\\OVER.TXT", FILE_OVERWRITE_IF,
                    "to be overwritten: a longer line\r\n", &how) == STATUS_SUCCESS &&
             how == FILE_CREATED);
    GT_CHECK(GtMake(GT_NATIVE "\\OVER.TXT", FILE_OVERWRITE, "overwritten\r\n", &how) ==
             STATUS_SUCCESS && how == FILE_OVERWRITTEN);
    GT_CHECK(GtMake(GT_NATIVE "\\OVER.TXT", FILE_OPEN_IF, NULL, &how) == STATUS_SUCCESS &&
             how == FILE_OPENED);
    GT_CHECK(GtSize(GT_NATIVE "\\OVER.TXT") == 13 && GtSize(GT_NATIVE "\\SUPER.TXT") == 12);
}

/* OLD.TXT renamed to a full path (the I/O manager opens its directory
   through NWRDR); DOOMED.TXT deleted at its close. */
static VOID GtRenameAndDelete(VOID)
{
    static const char target[] = GT_NATIVE "\\RENAMED.TXT";
    union {
        FILE_RENAME_INFORMATION Info;
        UCHAR Bytes[sizeof(FILE_RENAME_INFORMATION) + sizeof(target)];
    } rename;
    FILE_DISPOSITION_INFORMATION dispose = { TRUE };
    IO_STATUS_BLOCK iosb;
    HANDLE f;

    memset(&rename, 0, sizeof(rename));
    rename.Info.FileNameLength = sizeof(target) - 1;
    memcpy(rename.Info.FileName, target, sizeof(target) - 1);
    GT_CHECK(GtMake(GT_NATIVE "\\OLD.TXT", FILE_CREATE, "renamed\r\n", NULL) == STATUS_SUCCESS);
    if (GtNwrOpen(GT_NATIVE "\\OLD.TXT", FILE_OPEN, FILE_NON_DIRECTORY_FILE, &f, NULL) ==
        STATUS_SUCCESS) {
        GT_CHECK(NtSetInformationFile(f, &iosb, &rename, sizeof(rename),
                                      FileRenameInformation) == STATUS_SUCCESS);
        NtClose(f);
    }
    GT_CHECK(GtSize(GT_NATIVE "\\OLD.TXT") == ~0u && GtSize(target) == 9);
    GT_CHECK(GtMake(GT_NATIVE "\\DOOMED.TXT", FILE_CREATE, "doomed\r\n", NULL) == STATUS_SUCCESS);
    if (GtNwrOpen(GT_NATIVE "\\DOOMED.TXT", FILE_OPEN, FILE_NON_DIRECTORY_FILE, &f, NULL) ==
        STATUS_SUCCESS) {
        GT_CHECK(NtSetInformationFile(f, &iosb, &dispose, sizeof(dispose),
                                      FileDispositionInformation) == STATUS_SUCCESS);
        NtClose(f);
    }
    GT_CHECK(GtNwrOpen(GT_NATIVE "\\DOOMED.TXT", FILE_OPEN, 0, &f, NULL) ==
             STATUS_OBJECT_NAME_NOT_FOUND);
}

/* Every name NtQueryDirectoryFile gives for Directory, through a buffer
   small enough that the listing takes several calls: "# nwrdr: native
   listing of Label: NAME ..." for the harness. */
static VOID GtPrintListing(PCSTR Directory, PCSTR Label)
{
    static union { FILE_DIRECTORY_INFORMATION First; UCHAR Bytes[128]; } list;
    static CHAR line[512];
    FILE_DIRECTORY_INFORMATION *e;
    IO_STATUS_BLOCK iosb;
    BOOLEAN restart = TRUE;
    ULONG used, calls = 0;
    HANDLE d;
    NTSTATUS status = GtNwrOpen(Directory, FILE_OPEN, FILE_DIRECTORY_FILE, &d, NULL);

    GT_CHECK(status == STATUS_SUCCESS);
    if (!NT_SUCCESS(status))
        return;
    used = (ULONG)snprintf(line, sizeof(line), "# nwrdr: native listing of %s:", Label);
    while ((status = NtQueryDirectoryFile(d, NULL, NULL, NULL, &iosb, &list, sizeof(list),
                                          FileDirectoryInformation, FALSE, NULL,
                                          restart)) == STATUS_SUCCESS) {
        for (e = &list.First, restart = FALSE, calls++;;
             e = (FILE_DIRECTORY_INFORMATION *)((PUCHAR)e + e->NextEntryOffset)) {
            if (used < sizeof(line))
                used += (ULONG)snprintf(line + used, sizeof(line) - used, " %.*s",
                                        (int)e->FileNameLength, e->FileName);
            if (e->NextEntryOffset == 0)
                break;
        }
    }
    printf("%s\n", line);
    GT_CHECK(status == STATUS_NO_MORE_FILES && calls > 1 && used < sizeof(line));
    NtClose(d);
}

/* The volume under an open: its four classes, printed for the harness. */
static VOID GtPrintVolume(HANDLE Open)
{
    union { FILE_FS_VOLUME_INFORMATION Info; UCHAR Bytes[64]; } volume;
    union { FILE_FS_ATTRIBUTE_INFORMATION Info; UCHAR Bytes[64]; } fs;
    FILE_FS_SIZE_INFORMATION size;
    FILE_FS_DEVICE_INFORMATION device;
    IO_STATUS_BLOCK iosb;

    GT_CHECK(NtQueryVolumeInformationFile(Open, &iosb, &volume, sizeof(volume),
                                          FileFsVolumeInformation) == STATUS_SUCCESS);
    GT_CHECK(NtQueryVolumeInformationFile(Open, &iosb, &size, sizeof(size),
                                          FileFsSizeInformation) == STATUS_SUCCESS);
    GT_CHECK(NtQueryVolumeInformationFile(Open, &iosb, &device, sizeof(device),
                                          FileFsDeviceInformation) == STATUS_SUCCESS);
    GT_CHECK(NtQueryVolumeInformationFile(Open, &iosb, &fs, sizeof(fs),
                                          FileFsAttributeInformation) == STATUS_SUCCESS);
    printf("# nwrdr: native volume %.*s, %lu of %lu clusters of %lu sectors of %lu bytes free, "
           "device 0x%lx%s, file system %.*s\n", (int)volume.Info.VolumeLabelLength,
           volume.Info.VolumeLabel, (unsigned long)size.AvailableAllocationUnits,
           (unsigned long)size.TotalAllocationUnits, (unsigned long)size.SectorsPerAllocationUnit,
           (unsigned long)size.BytesPerSector, (unsigned long)device.DeviceType,
           device.Characteristics & FILE_REMOTE_DEVICE ? " remote" : "",
           (int)fs.Info.FileSystemNameLength, fs.Info.FileSystemName);
    GT_CHECK(device.DeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM &&
             (device.Characteristics & FILE_REMOTE_DEVICE));
    GT_CHECK(volume.Info.VolumeLabelLength == 3 && memcmp(volume.Info.VolumeLabel, "SYS", 3) == 0);
}

static VOID GtNativeFilesIn(PVOID Context)
{
    ULONG_PTR information = ~0u;
    HANDLE rdr, dir;
    NTSTATUS status;

    if (!GtConnectK(&rdr))
        return;
    status = GtNwrOpen(GT_NATIVE, FILE_CREATE, FILE_DIRECTORY_FILE, &dir, &information);
    GT_CHECK(status == STATUS_SUCCESS && information == FILE_CREATED);
    if (NT_SUCCESS(status)) {
        GtWrittenFile();
        GtDispositions();
        GtRenameAndDelete();
        GtPrintListing(GT_NATIVE, "NWNATIVE");
        GtPrintListing(GT_K "\\PUBLIC", "PUBLIC");
        printf("# nwrdr: native SAMPLE.DAT standard size %lu\n", (unsigned long)GtSize(GT_SAMPLE));
        GtPrintVolume(dir);
        NtClose(dir);
    }
    GT_CHECK(GtDeleteK(rdr, FALSE) == STATUS_SUCCESS);
    NtClose(rdr);
}

VOID GtNwrNativeFiles(VOID)
{
    if (GtNoRedirector())
        return;
    GtInProcess("native", GtNativeFilesIn);
    GtNwrCheckIdle("after the native calls");
}

/* --------------------------------------------------------- dead_connection */

/* What an administrator does with FCONSOLE: the server ends connection
   Number, asked from a SUPERVISOR connection of our own. */
static NTSTATUS GtClearConnection(USHORT Number)
{
    SAP_ENTRY server;
    PNCP_CONNECTION c;
    NTSTATUS status = NcpFindServer(NULL, &server);

    if (NT_SUCCESS(status))
        status = NcpConnect(&server.Address, 0, &c);
    if (!NT_SUCCESS(status))
        return status;
    status = NcpLogin(c, "SUPERVISOR", "SECRET");
    if (NT_SUCCESS(status))
        status = NcpClearConnection(c, Number);
    NcpDisconnect(c);
    return status;
}

/* The open's next read meets the server's answer (no such connection);
   every one after it fails before NWRDR posts it. */
static VOID GtReadsOnTheDead(HANDLE Open)
{
    static UCHAR buffer[GT_PIECE];
    IO_STATUS_BLOCK iosb;
    LONG64 start = KeQueryKernelTime(), zero = 0;
    ULONG done, ms, reads;
    HANDLE event;
    NTSTATUS status = GtRead(Open, buffer, sizeof(buffer), 0, &done);

    ms = (ULONG)((KeQueryKernelTime() - start) / KTIME_PER_MS);
    printf("# nwrdr: the read after the server ended the connection: 0x%08lx in %lu ms\n",
           (unsigned long)status, (unsigned long)ms);
    /* the answer's status, not the client's time-out (which would be
       STATUS_UNEXPECTED_NETWORK_ERROR after NCP_MAX_TRIES tries) */
    GT_CHECK(status == STATUS_CONNECTION_DISCONNECTED && ms < NCP_MAX_TRIES * NCP_RETRY_MS);
    reads = GtStats().Reads;
    GT_CHECK(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE) ==
             STATUS_SUCCESS);
    GT_CHECK(NtReadFile(Open, event, NULL, NULL, &iosb, buffer, sizeof(buffer), &zero, NULL) ==
             STATUS_CONNECTION_DISCONNECTED);
    GT_CHECK(GtStats().Reads == reads);
    NtClose(event);
}

/* K: deleted and connected again while the dead open holds the old
   connection: a second server connection in this context, the server
   found through the SAP cache (asked within its minute). */
static VOID GtReconnect(HANDLE Rdr)
{
    NWR_STATISTICS before;

    GT_CHECK(GtDeleteK(Rdr, FALSE) == STATUS_FILES_OPEN);
    GT_CHECK(GtDeleteK(Rdr, TRUE) == STATUS_SUCCESS);
    before = GtStats();
    GT_CHECK(GtNwrConnect(Rdr, GT_K) == STATUS_SUCCESS);
    GT_CHECK(GtStats().Servers == before.Servers + 1);
    GT_CHECK(GtStats().SapQueries == before.SapQueries &&
             GtStats().SapCacheHits == before.SapCacheHits + 1);
}

/* The server ends K:'s connection under Old; K: made again beside it;
   then Old closed. */
static VOID GtDeadConnectionOf(HANDLE Rdr, HANDLE Old)
{
    static UCHAR buffer[GT_PIECE];
    ULONG done = 0, size = 0, hash = 0;
    USHORT number = GtConnectionOfK(Rdr);
    HANDLE fresh;

    GT_CHECK(number != 0 && GtClearConnection(number) == STATUS_SUCCESS);
    GtReadsOnTheDead(Old);
    GtReconnect(Rdr);
    if (GtNwrOpen(GT_SAMPLE, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &fresh, NULL) == STATUS_SUCCESS) {
        GT_CHECK(GtHashFile(fresh, &size, &hash) == STATUS_SUCCESS);
        NtClose(fresh);
    }
    printf("# nwrdr: connection %u ended by the server; K: again: SAMPLE.DAT %lu bytes "
           "fnv1a %08lx\n", number, (unsigned long)size, (unsigned long)hash);
    GT_CHECK(GtRead(Old, buffer, sizeof(buffer), 0, &done) == STATUS_CONNECTION_DISCONNECTED);
    NtClose(Old);
}

/* This process's K:, with SAMPLE.DAT open on it and its first piece read
   when Work runs; Work closes that open. */
static VOID GtWithOpenSample(VOID (*Work)(HANDLE Rdr, HANDLE Open))
{
    static UCHAR buffer[GT_PIECE];
    ULONG done = 0;
    HANDLE rdr, open;
    NTSTATUS status;

    if (!GtConnectK(&rdr))
        return;
    status = GtNwrOpen(GT_SAMPLE, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &open, NULL);
    GT_CHECK(status == STATUS_SUCCESS);
    if (NT_SUCCESS(status)) {
        GT_CHECK(GtRead(open, buffer, sizeof(buffer), 0, &done) == STATUS_SUCCESS &&
                 done == GT_PIECE);
        Work(rdr, open);
    }
    GtDeleteK(rdr, FALSE);
    NtClose(rdr);
}

static VOID GtDeadConnectionIn(PVOID Context)
{
    GtWithOpenSample(GtDeadConnectionOf);
}

VOID GtNwrDeadConnection(VOID)
{
    ULONG before, ended;

    if (GtNoRedirector())
        return;
    before = GtServerConnections();
    ended = GtStats().ServersEnded;
    GtInProcess("deadconn", GtDeadConnectionIn);
    GT_CHECK(GtServerConnections() == before && GtStats().ServersEnded == ended + 2);
    GtNwrCheckIdle("after the dead connection");
}

/* ----------------------------------------------------------- forced_delete */

/* K: deleted by force under Open, then Open closed. */
static VOID GtForcedDeleteOf(HANDLE Rdr, HANDLE Open)
{
    static UCHAR buffer[GT_PIECE];
    CHAR remote[NWR_MAX_TARGET];
    FILE_FS_SIZE_INFORMATION size;
    IO_STATUS_BLOCK iosb;
    ULONG done = 0, held = GtServerConnections(), ended = GtStats().ServersEnded;
    USHORT number = GtConnectionOfK(Rdr);

    GT_CHECK(GtDeleteK(Rdr, FALSE) == STATUS_FILES_OPEN);
    GT_CHECK(GtDeleteK(Rdr, TRUE) == STATUS_SUCCESS);
    GT_CHECK(GtNwrFsctl(Rdr, FSCTL_NWR_GET_CONNECTION, "K:", 3, remote, sizeof(remote)) ==
             STATUS_OBJECT_NAME_NOT_FOUND && GtConnectionOfK(Rdr) == 0);
    GT_CHECK(GtRead(Open, buffer, sizeof(buffer), 0, &done) == STATUS_CONNECTION_DISCONNECTED);
    GT_CHECK(NtQueryVolumeInformationFile(Open, &iosb, &size, sizeof(size),
                                          FileFsSizeInformation) ==
             STATUS_CONNECTION_DISCONNECTED);
    /* the open holds the NCP connection, on the server too, until its close */
    GT_CHECK(GtServerConnections() == held && GtStats().Servers == 1);
    NtClose(Open);
    GT_CHECK(GtServerConnections() == held - 1 && GtStats().Servers == 0 &&
             GtStats().ServersEnded == ended + 1);
    printf("# nwrdr: K: deleted with a file open; connection %u ended at the file's close\n",
           number);
}

static VOID GtForcedDeleteIn(PVOID Context)
{
    GtWithOpenSample(GtForcedDeleteOf);
}

VOID GtNwrForcedDelete(VOID)
{
    ULONG before, ended;

    if (GtNoRedirector())
        return;
    GtInProcess("forcer", GtForcedDeleteIn);
    GtNwrCheckIdle("after the forced delete");
    before = GtServerConnections();
    ended = GtStats().ServersEnded;
    GT_CHECK(GtWaitProcess(GtStartProcess("nwtest force X: \\\\NWSERVER\\SYS SUPERVISOR SECRET")) ==
             0);
    GT_CHECK(GtServerConnections() == before && GtStats().ServersEnded == ended + 1);
    GtNwrCheckIdle("after WNet's forced cancel");
}
