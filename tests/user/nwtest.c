/*
 * nwtest.c - the ring-3 half of the guest suite `nwrdr`
 * (tests/guest/test_nwrdr.c): a process on the Win32 layer using a NetWare
 * volume through NWRDR, one case per run, chosen by argv[1]. Its exit
 * status is its verdict (0: every check held; else WT_FAILED + the line);
 * "# ..." lines say what it saw.
 *
 *   session X: \\SERVER\VOLUME USER PASSWORD
 *        connect, ask for the connection's name and list, read
 *        PUBLIC\SAMPLE.DAT whole (its size and FNV-1a printed, for the
 *        harness to compare with the host's file), write, read back and
 *        find a file of its own, refuse to disconnect with it open (2401),
 *        disconnect, and see the drive gone
 *   errors \\SERVER
 *        every refusal of net use and its Win32 error
 *   hold X: \\SERVER\VOLUME USER PASSWORD
 *        connect, open PUBLIC\SAMPLE.DAT and wait (for a long time): the
 *        test ends it from outside, with the file open
 *   force X: \\SERVER\VOLUME USER PASSWORD
 *        connect, open and read PUBLIC\SAMPLE.DAT, cancel X: with the file
 *        open: refused (2401) unless forced; forced, the handle's reads fail
 *        with ERROR_NETNAME_DELETED and X: is gone; close the handle
 *   pending X: \\SERVER\VOLUME USER PASSWORD
 *        connect and read PUBLIC\SAMPLE.DAT without waiting (not
 *        FILE_SYNCHRONOUS_IO): a first read that stays on the wire (ncpserv
 *        --silent-at-read 1 silences this connection), then three queued
 *        behind it; "# nwtest: X: one read on the wire, three queued", then
 *        wait for all four (test=csnw restarts the redirector meanwhile):
 *        the queued ones must end STATUS_CANCELLED, the one on the wire
 *        with an error; print their statuses, close, exit
 *   define NAME TARGET
 *        DefineDosDeviceA(DDD_RAW_TARGET_PATH, NAME, TARGET), and exit
 *   foreign X:
 *        X: is another process's connection: every use is Access Denied
 *   files X: \\SERVER\VOLUME USER PASSWORD
 *        the file, directory and volume calls on PUBLIC\NWFILES: a file cut
 *        and grown (SetEndOfFile), flushed, renamed beside itself, moved to
 *        a directory and over an existing file (MoveFileEx's replace),
 *        deleted (also while another handle holds it: gone at its close);
 *        a directory made, refused removal while it holds a file,
 *        removed; CreateFile's CREATE_NEW (and ERROR_FILE_EXISTS the second
 *        time) and TRUNCATE_EXISTING (and ERROR_FILE_NOT_FOUND without the
 *        file); the volume's size and name. It leaves, for the host to
 *        find, NWFILES\KEPT.TXT ("kept by X:\r\n"), NEW.TXT ("made new by
 *        X:\r\n") and TRUNC.TXT ("truncated by X:\r\n"), and nothing else
 *   netuse
 *        the net command (user/net) run in this process, one command line
 *        after another, each output compared with NT's text and each exit
 *        status with net.exe's: connect, list, details, 85, `*`, delete,
 *        delete again (test=net)
 *   wnet
 *        the WNet and drive calls' documented edge cases on live
 *        connections to \\NWSERVER\SYS: NULL arguments, short buffers,
 *        last errors, lower-case letters, UNC roots (test=net)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ntob.h"
#include "ntps.h"
#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"
#include "user/net/net.h"

#define NT_FAILED 0x10000
#define NT_CHECK(cond) \
    do { if (!(cond)) { printf("# nwtest: check failed: %s (line %d, error %lu)\n", #cond, \
                               __LINE__, (unsigned long)GetLastError()); \
                        return NT_FAILED + __LINE__; } } while (0)

static DWORD NtConnect(PCSTR Local, PCSTR Remote, PCSTR User, PCSTR Password)
{
    NETRESOURCEA r = { 0, RESOURCETYPE_DISK, 0, 0, (PCHAR)Local, (PCHAR)Remote, NULL, NULL };

    return WNetAddConnection2A(&r, Password, User, 0);
}

static ULONG NtFnv(ULONG Hash, const UCHAR *Data, DWORD Length)
{
    while (Length--) {
        Hash ^= *Data++;
        Hash *= 16777619u;
    }
    return Hash;
}

static VOID NtPath(PCHAR Out, PCSTR Local, PCSTR Rest)
{
    snprintf(Out, MAX_PATH, "%s\\%s", Local, Rest);
}

/* The whole of PUBLIC\SAMPLE.DAT, in reads of an odd size. */
static int NtReadSample(PCSTR Local)
{
    static UCHAR buffer[777];
    CHAR path[MAX_PATH];
    ULONG hash = 2166136261u, total = 0;
    DWORD n;
    HANDLE h;

    NtPath(path, Local, "PUBLIC\\SAMPLE.DAT");
    h = CreateFileA(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    NT_CHECK(h != INVALID_HANDLE_VALUE);
    while (ReadFile(h, buffer, sizeof(buffer), &n, NULL) && n > 0) {
        hash = NtFnv(hash, buffer, n);
        total += n;
    }
    NT_CHECK(total > 0);
    NT_CHECK(CloseHandle(h));
    printf("# nwtest: SAMPLE.DAT %lu bytes fnv1a %08lx\n", (unsigned long)total,
           (unsigned long)hash);
    return 0;
}

/* A file of this drive's own: written, read back, found in the listing. */
static int NtWriteOwn(PCSTR Local)
{
    CHAR path[MAX_PATH], text[64], back[64] = { 0 }, name[16];
    int length = snprintf(text, sizeof(text), "written by nwtest through %s\n", Local);
    WIN32_FIND_DATAA data;
    BOOL found = FALSE;
    DWORD n;
    HANDLE h;

    snprintf(name, sizeof(name), "NWTEST%c.TXT", Local[0]);
    NtPath(path, Local, "PUBLIC\\");
    strcat(path, name);
    h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    NT_CHECK(h != INVALID_HANDLE_VALUE);
    NT_CHECK(WriteFile(h, text, length, &n, NULL) && n == (DWORD)length);
    NT_CHECK(CloseHandle(h));
    h = CreateFileA(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    NT_CHECK(h != INVALID_HANDLE_VALUE);
    NT_CHECK(ReadFile(h, back, sizeof(back), &n, NULL) && n == (DWORD)length);
    NT_CHECK(memcmp(back, text, length) == 0);
    NT_CHECK(CloseHandle(h));
    NtPath(path, Local, "PUBLIC\\*");
    h = FindFirstFileA(path, &data);
    NT_CHECK(h != INVALID_HANDLE_VALUE);
    printf("# nwtest: %s\\PUBLIC:", Local);
    do {
        printf(" %s", data.cFileName);
        found |= strcmp(data.cFileName, name) == 0 && data.nFileSizeLow == (DWORD)length;
    } while (FindNextFileA(h, &data));
    printf("\n");
    NT_CHECK(GetLastError() == ERROR_NO_MORE_FILES && FindClose(h));
    NT_CHECK(found);
    return 0;
}

static int NtSession(int argc, char **argv)
{
    CHAR remote[NWR_MAX_TARGET], path[MAX_PATH];
    UCHAR listing[sizeof(NWR_CONNECTION_LIST) + 2 * sizeof(NWR_CONNECTION_INFO)];
    PNWR_CONNECTION_LIST list = (PNWR_CONNECTION_LIST)listing;
    DWORD length = sizeof(remote), short_length = 4;
    PCSTR local = argv[2];
    HANDLE open;
    int status;

    NT_CHECK(argc == 6);
    NT_CHECK(NtConnect(local, argv[3], argv[4], argv[5]) == ERROR_SUCCESS);
    NT_CHECK(WNetGetConnectionA(local, remote, &length) == ERROR_SUCCESS);
    NT_CHECK(strcasecmp(remote, argv[3]) == 0);
    NT_CHECK(WNetGetConnectionA(local, remote, &short_length) == ERROR_MORE_DATA &&
             short_length == strlen(argv[3]) + 1);
    NT_CHECK(NwpEnumConnections(list, sizeof(listing)) == ERROR_SUCCESS && list->Count == 1);
    NT_CHECK(strcmp(list->Entries[0].LocalName, local) == 0 &&
             strcasecmp(list->Entries[0].UserName, argv[4]) == 0);
    printf("# nwtest: %s is %s, connection %u, user %s\n", local, remote,
           list->Entries[0].ConnectionNumber, list->Entries[0].UserName);
    NT_CHECK(GetDriveTypeA(local) == DRIVE_REMOTE);
    if ((status = NtReadSample(local)) != 0 || (status = NtWriteOwn(local)) != 0)
        return status;
    NtPath(path, local, "PUBLIC\\SAMPLE.DAT");
    open = CreateFileA(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    NT_CHECK(open != INVALID_HANDLE_VALUE);
    NT_CHECK(WNetCancelConnection2A(local, 0, FALSE) == ERROR_OPEN_FILES);
    NT_CHECK(CloseHandle(open));
    NT_CHECK(WNetCancelConnection2A(local, 0, FALSE) == ERROR_SUCCESS);
    NT_CHECK(CreateFileA(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) ==
             INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND);
    length = sizeof(remote);
    NT_CHECK(WNetGetConnectionA(local, remote, &length) == ERROR_NOT_CONNECTED);
    return 0;
}

static int NtErrors(int argc, char **argv)
{
    CHAR sys[64], nosuch[64];

    NT_CHECK(argc == 3);
    snprintf(sys, sizeof(sys), "%s\\SYS", argv[2]);
    snprintf(nosuch, sizeof(nosuch), "%s\\NOSUCH", argv[2]);
    NT_CHECK(NtConnect("V:", "\\\\NOSERVER\\SYS", "GUEST", NULL) == ERROR_BAD_NETPATH);
    NT_CHECK(NtConnect("V:", nosuch, "GUEST", NULL) == ERROR_BAD_NET_NAME);
    NT_CHECK(NtConnect("V:", sys, "SUPERVISOR", "WRONG") == ERROR_INVALID_PASSWORD);
    NT_CHECK(NtConnect("V:", sys, "NOBODY", "X") == ERROR_LOGON_FAILURE);
    NT_CHECK(NtConnect("V:", sys, "GUEST", NULL) == ERROR_SUCCESS);
    NT_CHECK(NtConnect("V:", sys, "GUEST", NULL) == ERROR_ALREADY_ASSIGNED);
    NT_CHECK(NtConnect("W:", sys, "SUPERVISOR", "SECRET") == ERROR_SESSION_CREDENTIAL_CONFLICT);
    NT_CHECK(WNetCancelConnection2A("W:", 0, FALSE) == ERROR_NOT_CONNECTED);
    NT_CHECK(WNetCancelConnection2A("V:", 0, FALSE) == ERROR_SUCCESS);
    NT_CHECK(WNetCancelConnection2A("V:", 0, FALSE) == ERROR_NOT_CONNECTED);
    NT_CHECK(NtConnect(NULL, sys, "GUEST", NULL) == ERROR_BAD_DEVICE);
    NT_CHECK(WNetAddConnection2A(NULL, NULL, NULL, 0) == ERROR_INVALID_PARAMETER);
    return 0;
}

static int NtHold(int argc, char **argv)
{
    CHAR path[MAX_PATH];
    LONG64 wait = -600000000LL;         /* 60 s: the test ends it long before */

    NT_CHECK(argc == 6);
    NT_CHECK(NtConnect(argv[2], argv[3], argv[4], argv[5]) == ERROR_SUCCESS);
    NtPath(path, argv[2], "PUBLIC\\SAMPLE.DAT");
    NT_CHECK(CreateFileA(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) !=
             INVALID_HANDLE_VALUE);
    printf("# nwtest: holding %s with a file open\n", argv[2]);
    NtDelayExecution(FALSE, &wait);
    return 0;
}

#define NT_PENDING 4

static NTSTATUS NtOpenAsync(PCSTR Local, PHANDLE File)
{
    CHAR path[MAX_PATH];
    STRING name;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;

    snprintf(path, sizeof(path), "\\DosDevices\\%s\\PUBLIC\\SAMPLE.DAT", Local);
    name.Length = name.MaximumLength = (USHORT)strlen(path);
    name.Buffer = path;
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    return NtOpenFile(File, FILE_READ_DATA, &oa, &iosb, 0, FILE_NON_DIRECTORY_FILE);
}

static int NtPending(int argc, char **argv)
{
    static UCHAR buffers[NT_PENDING][512];
    IO_STATUS_BLOCK iosb[NT_PENDING];
    HANDLE events[NT_PENDING], file;
    LONG64 zero = 0, brief = -1000000LL, bound = -300000000LL;     /* 100 ms, 30 s */
    ULONG i;

    NT_CHECK(argc == 6);
    NT_CHECK(NtConnect(argv[2], argv[3], argv[4], argv[5]) == ERROR_SUCCESS);
    NT_CHECK(NtOpenAsync(argv[2], &file) == STATUS_SUCCESS);
    for (i = 0; i < NT_PENDING; i++)
        NT_CHECK(NtCreateEvent(&events[i], EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE) ==
                 STATUS_SUCCESS);
    NT_CHECK(NtReadFile(file, events[0], NULL, NULL, &iosb[0], buffers[0], sizeof(buffers[0]),
                        &zero, NULL) == STATUS_PENDING);
    NT_CHECK(NtWaitForSingleObject(events[0], FALSE, &brief) == STATUS_TIMEOUT);
    for (i = 1; i < NT_PENDING; i++)
        NT_CHECK(NtReadFile(file, events[i], NULL, NULL, &iosb[i], buffers[i],
                            sizeof(buffers[i]), &zero, NULL) == STATUS_PENDING);
    printf("# nwtest: %s one read on the wire, three queued\n", argv[2]);
    for (i = 0; i < NT_PENDING; i++)
        NT_CHECK(NtWaitForSingleObject(events[i], FALSE, &bound) == STATUS_SUCCESS);
    printf("# nwtest: %s on the wire 0x%08lx; queued 0x%08lx 0x%08lx 0x%08lx\n", argv[2],
           (unsigned long)iosb[0].Status, (unsigned long)iosb[1].Status,
           (unsigned long)iosb[2].Status, (unsigned long)iosb[3].Status);
    NT_CHECK(!NT_SUCCESS(iosb[0].Status));
    for (i = 1; i < NT_PENDING; i++)
        NT_CHECK(iosb[i].Status == STATUS_CANCELLED);
    NtClose(file);
    for (i = 0; i < NT_PENDING; i++)
        NtClose(events[i]);
    return 0;
}

static int NtDefine(int argc, char **argv)
{
    NT_CHECK(argc == 4);
    NT_CHECK(DefineDosDeviceA(DDD_RAW_TARGET_PATH, argv[2], argv[3]));
    return 0;
}

static int NtForeign(int argc, char **argv)
{
    CHAR path[MAX_PATH], remote[NWR_MAX_TARGET];
    DWORD length = sizeof(remote);

    NT_CHECK(argc == 3);
    NtPath(path, argv[2], "PUBLIC\\SAMPLE.DAT");
    NT_CHECK(CreateFileA(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) ==
             INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED);
    NT_CHECK(WNetGetConnectionA(argv[2], remote, &length) == ERROR_ACCESS_DENIED);
    NT_CHECK(WNetCancelConnection2A(argv[2], 0, TRUE) == ERROR_ACCESS_DENIED);
    return 0;
}

/* X: cancelled by force with a file open: the handle is the process's
   still, but every read on it fails, until it is closed. */
static int NtForce(int argc, char **argv)
{
    CHAR path[MAX_PATH], remote[NWR_MAX_TARGET];
    DWORD length = sizeof(remote), n;
    UCHAR buffer[100];
    HANDLE h;

    NT_CHECK(argc == 6);
    NT_CHECK(NtConnect(argv[2], argv[3], argv[4], argv[5]) == ERROR_SUCCESS);
    NtPath(path, argv[2], "PUBLIC\\SAMPLE.DAT");
    h = CreateFileA(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    NT_CHECK(h != INVALID_HANDLE_VALUE);
    NT_CHECK(ReadFile(h, buffer, sizeof(buffer), &n, NULL) && n == sizeof(buffer));
    NT_CHECK(WNetCancelConnection2A(argv[2], 0, FALSE) == ERROR_OPEN_FILES);
    NT_CHECK(WNetCancelConnection2A(argv[2], 0, TRUE) == ERROR_SUCCESS);
    NT_CHECK(!ReadFile(h, buffer, sizeof(buffer), &n, NULL) &&
             GetLastError() == ERROR_NETNAME_DELETED);
    NT_CHECK(WNetGetConnectionA(argv[2], remote, &length) == ERROR_NOT_CONNECTED);
    NT_CHECK(CloseHandle(h));
    printf("# nwtest: %s cancelled by force with a file open; its reads failed with %lu\n",
           argv[2], (unsigned long)ERROR_NETNAME_DELETED);
    return 0;
}

static HANDLE NtMake(PCSTR Path, PCSTR Text)
{
    HANDLE h = CreateFileA(Path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD n;

    if (h != INVALID_HANDLE_VALUE && Text != NULL)
        WriteFile(h, Text, strlen(Text), &n, NULL);
    return h;
}

/* One file's life: written, cut, grown, flushed, renamed, moved. */
static int NtFileCalls(PCSTR Dir, PCSTR Sub)
{
    CHAR a[MAX_PATH], b[MAX_PATH], c[MAX_PATH];
    HANDLE h;

    snprintf(a, sizeof(a), "%s\\A.TXT", Dir);
    snprintf(b, sizeof(b), "%s\\B.TXT", Dir);
    snprintf(c, sizeof(c), "%s\\C.TXT", Sub);
    h = NtMake(a, "0123456789abcdef");
    NT_CHECK(h != INVALID_HANDLE_VALUE && GetFileSize(h, NULL) == 16);
    NT_CHECK(SetFilePointer(h, 5, NULL, FILE_BEGIN) == 5 && SetEndOfFile(h));
    NT_CHECK(GetFileSize(h, NULL) == 5);
    NT_CHECK(SetFilePointer(h, 4096, NULL, FILE_BEGIN) == 4096 && SetEndOfFile(h));
    NT_CHECK(GetFileSize(h, NULL) == 4096 && FlushFileBuffers(h));
    NT_CHECK(CloseHandle(h));
    NT_CHECK(GetFileAttributesA(a) != INVALID_FILE_ATTRIBUTES &&
             !(GetFileAttributesA(a) & FILE_ATTRIBUTE_DIRECTORY));
    NT_CHECK(MoveFileA(a, b));
    NT_CHECK(GetFileAttributesA(a) == INVALID_FILE_ATTRIBUTES &&
             GetLastError() == ERROR_FILE_NOT_FOUND);
    NT_CHECK(MoveFileA(b, c));                          /* into the subdirectory */
    CloseHandle(NtMake(a, "other"));
    NT_CHECK(!MoveFileA(a, c) && GetLastError() == ERROR_ALREADY_EXISTS);
    NT_CHECK(MoveFileExA(a, c, MOVEFILE_REPLACE_EXISTING));
    h = CreateFileA(c, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    NT_CHECK(h != INVALID_HANDLE_VALUE && GetFileSize(h, NULL) == 5);
    NT_CHECK(CloseHandle(h));
    return 0;
}

/* CREATE_NEW and TRUNCATE_EXISTING (FILE_CREATE and FILE_OVERWRITE):
   NEW.TXT and TRUNC.TXT in Dir, each with a line naming Local. */
static int NtDispositions(PCSTR Dir, PCSTR Local)
{
    CHAR path[MAX_PATH], missing[MAX_PATH], text[32];
    DWORD n;
    HANDLE h;

    snprintf(path, sizeof(path), "%s\\NEW.TXT", Dir);
    snprintf(text, sizeof(text), "made new by %s\r\n", Local);
    h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    NT_CHECK(h != INVALID_HANDLE_VALUE && WriteFile(h, text, strlen(text), &n, NULL));
    NT_CHECK(CloseHandle(h));
    NT_CHECK(CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL) ==
             INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_EXISTS);
    snprintf(path, sizeof(path), "%s\\TRUNC.TXT", Dir);
    NT_CHECK(CloseHandle(NtMake(path, "to be truncated: a longer line than the last\r\n")));
    snprintf(text, sizeof(text), "truncated by %s\r\n", Local);
    h = CreateFileA(path, GENERIC_WRITE, 0, NULL, TRUNCATE_EXISTING, 0, NULL);
    NT_CHECK(h != INVALID_HANDLE_VALUE && GetFileSize(h, NULL) == 0);
    NT_CHECK(WriteFile(h, text, strlen(text), &n, NULL) && CloseHandle(h));
    snprintf(missing, sizeof(missing), "%s\\MISSING.TXT", Dir);
    NT_CHECK(CreateFileA(missing, GENERIC_WRITE, 0, NULL, TRUNCATE_EXISTING, 0, NULL) ==
             INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND);
    return 0;
}

static int NtFiles(int argc, char **argv)
{
    CHAR dir[MAX_PATH], sub[MAX_PATH], path[MAX_PATH], root[8], label[16], fs[16];
    DWORD spc, bps, free, total, serial, longest, flags;
    HANDLE h;
    int status;

    NT_CHECK(argc == 6);
    NT_CHECK(NtConnect(argv[2], argv[3], argv[4], argv[5]) == ERROR_SUCCESS);
    snprintf(root, sizeof(root), "%s\\", argv[2]);
    snprintf(dir, sizeof(dir), "%s\\PUBLIC\\NWFILES", argv[2]);
    snprintf(sub, sizeof(sub), "%s\\SUB", dir);
    NT_CHECK(CreateDirectoryA(dir, NULL) && CreateDirectoryA(sub, NULL));
    NT_CHECK(!CreateDirectoryA(dir, NULL) && GetLastError() == ERROR_ALREADY_EXISTS);
    NT_CHECK(GetFileAttributesA(sub) & FILE_ATTRIBUTE_DIRECTORY);
    if ((status = NtFileCalls(dir, sub)) != 0)
        return status;
    NT_CHECK(!RemoveDirectoryA(sub) && GetLastError() == ERROR_DIR_NOT_EMPTY);
    snprintf(path, sizeof(path), "%s\\C.TXT", sub);
    NT_CHECK(DeleteFileA(path) && RemoveDirectoryA(sub));
    NT_CHECK(!DeleteFileA(path) && GetLastError() == ERROR_FILE_NOT_FOUND);
    /* a delete while another handle is open waits for that handle's close;
       meanwhile the name cannot be opened */
    snprintf(path, sizeof(path), "%s\\LATE.TXT", dir);
    h = NtMake(path, "late");
    NT_CHECK(h != INVALID_HANDLE_VALUE && DeleteFileA(path));
    NT_CHECK(CreateFileA(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) ==
             INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED);
    NT_CHECK(GetFileSize(h, NULL) == 4 && CloseHandle(h));
    NT_CHECK(GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES &&
             GetLastError() == ERROR_FILE_NOT_FOUND);
    if ((status = NtDispositions(dir, argv[2])) != 0)
        return status;
    snprintf(path, sizeof(path), "%s\\KEPT.TXT", dir);
    NT_CHECK(CloseHandle(NtMake(path, NULL)));
    snprintf(sub, sizeof(sub), "kept by %s\r\n", argv[2]);
    NT_CHECK(CloseHandle(NtMake(path, sub)));
    NT_CHECK(GetDiskFreeSpaceA(root, &spc, &bps, &free, &total) && bps == 512 && spc > 0 &&
             total > 0 && free <= total);
    NT_CHECK(GetVolumeInformationA(root, label, sizeof(label), &serial, &longest, &flags, fs,
                                   sizeof(fs)));
    printf("# nwtest: %s volume %s serial %lu, %lu of %lu clusters of %lu sectors free, "
           "file system %s\n", argv[2], label, (unsigned long)serial, (unsigned long)free,
           (unsigned long)total, (unsigned long)spc, fs);
    NT_CHECK(strcmp(fs, "NWCOMPAT") == 0 && strcasecmp(label, argv[3] + strlen(argv[3]) - 3) == 0);
    NT_CHECK(WNetCancelConnection2A(argv[2], 0, FALSE) == ERROR_SUCCESS);
    return 0;
}

/* ------------------------------------------------ the net command, here */

typedef struct _NT_CAPTURE {
    CHAR Text[2048];
    SIZE_T Used;
} NT_CAPTURE;

static VOID NtCapture(PVOID Context, PCSTR Text)
{
    NT_CAPTURE *c = Context;
    SIZE_T n = strlen(Text);

    if (c->Used + n < sizeof(c->Text)) {
        memcpy(c->Text + c->Used, Text, n + 1);
        c->Used += n;
    }
}

/* Runs the net command Line in this process: its exit status and output
   must be Status and Expected. */
static BOOLEAN NtNet(PCSTR Line, int Status, PCSTR Expected)
{
    static NT_CAPTURE capture;
    NET_OUTPUT out = { NtCapture, &capture };
    CHAR copy[256];
    char *argv[16];
    int argc = 0, status;

    snprintf(copy, sizeof(copy), "%s", Line);
    for (char *word = strtok(copy, " "); word != NULL && argc < 15; word = strtok(NULL, " "))
        argv[argc++] = word;
    argv[argc] = NULL;
    capture.Used = 0;
    capture.Text[0] = '\0';
    status = NetCommand(argc, argv, &out);
    printf("# nwtest: %s -> %d\n%s", Line, status, capture.Text);
    if (status == Status && strcmp(capture.Text, Expected) == 0)
        return TRUE;
    printf("# nwtest: expected %d and:\n%s", Status, Expected);
    return FALSE;
}

#define NT_DONE "The command completed successfully.\n"
#define NT_SYS  "\\\\NWSERVER\\SYS"

static int NtNetUse(int argc, char **argv)
{
    CHAR star[128], free_letter = 0;
    DWORD drives = GetLogicalDrives();

    for (CHAR c = 'C'; c <= 'Z' && free_letter == 0; c++)
        free_letter = (drives >> (c - 'A')) & 1 || c == 'X' ? 0 : c;
    NT_CHECK(free_letter != 0);
    snprintf(star, sizeof(star), "Drive %c: is now connected to " NT_SYS ".\n\n" NT_DONE,
             free_letter);
    NT_CHECK(NtNet("net use", 0, "There are no entries in the list.\n"));
    NT_CHECK(NtNet("net use X: " NT_SYS " SECRET /USER:SUPERVISOR", 0, NT_DONE));
    NT_CHECK(NtNet("net use", 0,
        "Status       Local name        Remote name               Network\n"
        "-------------------------------------------------------------------------------\n"
        "OK           X:                " NT_SYS "            NetWare Compatible Network\n"
        NT_DONE));
    NT_CHECK(NtNet("net use x:", 0,
        "Local name        X:\n"
        "Remote name       " NT_SYS "\n"
        "Resource type     Disk\n"
        "Status            OK\n"
        "# Opens           0\n"
        "# Connections     1\n"
        NT_DONE));
    NT_CHECK(NtNet("net use X: " NT_SYS " SECRET /USER:SUPERVISOR", 2,
                   "System error 85 has occurred.\n\nThe local device name is already in use.\n"));
    NT_CHECK(NtNet("net use * " NT_SYS " SECRET /USER:SUPERVISOR", 0, star));
    snprintf(star, sizeof(star), "net use %c: /delete", free_letter);
    NT_CHECK(NtNet(star, 0, NT_DONE));
    NT_CHECK(NtNet("net use " NT_SYS " /delete", 0, NT_DONE));
    NT_CHECK(NtNet("net use X: /delete", 2,
                   "The network connection could not be found.\n\n"
                   "More help is available by typing NET HELPMSG 2250.\n"));
    NT_CHECK(NtNet("net use", 0, "There are no entries in the list.\n"));
    return 0;
}

/* --------------------------------------- WNet's and the drives' edge cases */

static DWORD NtUse(PCSTR Local, DWORD Type, PCSTR Remote, DWORD Flags, PCHAR Access,
                   PDWORD Size, PDWORD Result)
{
    NETRESOURCEA r = { 0, Type, 0, 0, (PCHAR)Local, (PCHAR)Remote, NULL, NULL };

    return WNetUseConnectionA(NULL, &r, "SECRET", "SUPERVISOR", Flags, Access, Size, Result);
}

static int NtWnetUse(VOID)
{
    CHAR access[8];
    DWORD size = 2, result = 0;

    NT_CHECK(WNetUseConnectionA(NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL) ==
             ERROR_INVALID_PARAMETER && GetLastError() == ERROR_INVALID_PARAMETER);
    NT_CHECK(NtUse("X:", 2, NT_SYS, 0, NULL, NULL, NULL) == ERROR_BAD_DEV_TYPE);
    NT_CHECK(NtUse("X:", RESOURCETYPE_DISK, NULL, 0, NULL, NULL, NULL) == ERROR_BAD_NET_NAME);
    NT_CHECK(NtUse("X:", RESOURCETYPE_DISK, NT_SYS, 0, access, NULL, NULL) ==
             ERROR_INVALID_PARAMETER);
    NT_CHECK(NtUse(NULL, RESOURCETYPE_DISK, NT_SYS, 0, NULL, NULL, NULL) == ERROR_BAD_DEVICE);
    NT_CHECK(NtUse("", RESOURCETYPE_DISK, NT_SYS, 0, NULL, NULL, NULL) == ERROR_BAD_DEVICE);
    NT_CHECK(NtUse("XY", RESOURCETYPE_DISK, NT_SYS, 0, NULL, NULL, NULL) == ERROR_BAD_DEVICE);
    NT_CHECK(NtUse("x:", RESOURCETYPE_DISK, NT_SYS, 0, access, &size, &result) ==
             ERROR_MORE_DATA && size == 3 && result == 0 && GetLastError() == ERROR_MORE_DATA);
    NT_CHECK(GetDriveTypeA("X:\\") == DRIVE_NO_ROOT_DIR);     /* nothing was connected */
    size = sizeof(access);
    NT_CHECK(NtUse("x:", RESOURCETYPE_ANY, NT_SYS, 0, access, &size, &result) == ERROR_SUCCESS &&
             strcmp(access, "X:") == 0 && result == CONNECT_LOCALDRIVE &&
             GetLastError() == ERROR_SUCCESS);
    size = sizeof(access);
    NT_CHECK(NtUse(NULL, RESOURCETYPE_DISK, NT_SYS, CONNECT_REDIRECT, access, &size, &result) ==
             ERROR_SUCCESS && access[0] != 'X' && access[1] == ':' && result == CONNECT_LOCALDRIVE);
    NT_CHECK(GetDriveTypeA(access) == DRIVE_REMOTE);
    NT_CHECK(WNetCancelConnection2A(access, 0, FALSE) == ERROR_SUCCESS);
    NT_CHECK(WNetCancelConnection2A(NULL, 0, FALSE) == ERROR_INVALID_PARAMETER);
    return 0;
}

static int NtWnetNames(VOID)
{
    CHAR remote[64], name[64];
    DWORD length = sizeof(remote);

    NT_CHECK(WNetGetConnectionA("x:", remote, &length) == ERROR_SUCCESS &&
             strcmp(remote, NT_SYS) == 0);
    NT_CHECK(WNetGetConnectionA(NULL, remote, &length) == ERROR_INVALID_ADDRESS &&
             GetLastError() == ERROR_INVALID_ADDRESS);
    NT_CHECK(WNetGetConnectionA("X:", remote, NULL) == ERROR_INVALID_ADDRESS);
    length = 5;
    NT_CHECK(WNetGetConnectionA("X:", NULL, &length) == ERROR_INVALID_ADDRESS);
    length = 0;
    NT_CHECK(WNetGetConnectionA("X:", NULL, &length) == ERROR_MORE_DATA &&
             length == strlen(NT_SYS) + 1 && GetLastError() == ERROR_MORE_DATA);
    NT_CHECK(WNetGetConnectionA("X", remote, &length) == ERROR_BAD_DEVICE);
    NT_CHECK(WNetGetConnectionA("Q:", remote, &length) == ERROR_NOT_CONNECTED &&
             GetLastError() == ERROR_NOT_CONNECTED);
    length = 4;
    NT_CHECK(WNetGetProviderNameA(WNNC_NET_NETWARE, name, &length) == ERROR_MORE_DATA &&
             length == sizeof(NWP_PROVIDER_NAME));
    NT_CHECK(WNetGetProviderNameA(WNNC_NET_NETWARE, name, &length) == ERROR_SUCCESS &&
             strcmp(name, "NetWare Compatible Network") == 0);
    NT_CHECK(WNetGetProviderNameA(0x00020000, name, &length) == ERROR_NO_NETWORK);
    NT_CHECK(WNetGetProviderNameA(WNNC_NET_NETWARE, name, NULL) == ERROR_INVALID_ADDRESS);
    return 0;
}

static int NtWnetDrives(VOID)
{
    CHAR strings[128], fs[16];
    DWORD drives = GetLogicalDrives(), n = 0, length;

    for (int i = 0; i < 26; i++)
        n += (drives >> i) & 1;
    NT_CHECK(GetDriveTypeA("X:\\") == DRIVE_REMOTE && GetDriveTypeA("x:") == DRIVE_REMOTE);
    NT_CHECK(GetDriveTypeA("X:\\PUBLIC\\") == DRIVE_NO_ROOT_DIR);
    NT_CHECK(GetDriveTypeA(NULL) == DRIVE_NO_ROOT_DIR);
    NT_CHECK(GetDriveTypeA("Q:\\") == DRIVE_NO_ROOT_DIR);
    NT_CHECK(GetDriveTypeA(NT_SYS "\\") == DRIVE_REMOTE);
    NT_CHECK(GetDriveTypeA("\\\\nwserver\\sys\\") == DRIVE_REMOTE);
    NT_CHECK(GetDriveTypeA(NT_SYS) == DRIVE_NO_ROOT_DIR);
    NT_CHECK(GetDriveTypeA("\\\\NWSERVER\\MAIL\\") == DRIVE_NO_ROOT_DIR);
    NT_CHECK((drives & (1u << ('X' - 'A'))) && n >= 1);
    NT_CHECK(GetLogicalDriveStringsA(0, NULL) == 4 * n + 1);
    NT_CHECK(GetLogicalDriveStringsA(4 * n, strings) == 4 * n + 1);
    length = GetLogicalDriveStringsA(sizeof(strings), strings);
    NT_CHECK(length == 4 * n && strings[length] == '\0');
    for (n = 0; n < length && strcmp(strings + n, "X:\\") != 0; n += strlen(strings + n) + 1)
        ;
    NT_CHECK(n < length);
    NT_CHECK(GetVolumeInformationA("X:\\", NULL, 0, NULL, NULL, NULL, fs, sizeof(fs)) &&
             strcmp(fs, "NWCOMPAT") == 0);
    NT_CHECK(!GetVolumeInformationA("X:\\", NULL, 0, NULL, NULL, NULL, fs, 4) &&
             GetLastError() == ERROR_BAD_LENGTH);
    return 0;
}

static int NtWnet(int argc, char **argv)
{
    int status = NtWnetUse();

    if (status == 0)
        status = NtWnetNames();
    if (status == 0)
        status = NtWnetDrives();
    if (status == 0)
        NT_CHECK(WNetCancelConnection2A("x:", 0, FALSE) == ERROR_SUCCESS);
    return status;
}

static const struct {
    const char *Name;
    int (*Run)(int argc, char **argv);
} NtCases[] = {
    { "files", NtFiles },
    { "session", NtSession },
    { "errors", NtErrors },
    { "hold", NtHold },
    { "force", NtForce },
    { "pending", NtPending },
    { "define", NtDefine },
    { "foreign", NtForeign },
    { "netuse", NtNetUse },
    { "wnet", NtWnet },
};

int main(int argc, char **argv)
{
    for (size_t i = 0; argc > 1 && i < sizeof(NtCases) / sizeof(NtCases[0]); i++) {
        if (strcmp(argv[1], NtCases[i].Name) == 0)
            return NtCases[i].Run(argc, argv);
    }
    printf("# nwtest: no case '%s'\n", argc > 1 ? argv[1] : "");
    return 0x7F;
}
