/*
 * fuzz_ncpserv.c - ncpserv's whole frame handler (NsReceiveFrame): frames
 * in, replies out, the server's state (connections, logins, handles,
 * searches, files on disk) kept across inputs, and put back as the
 * harness's own reset does every FUZZ_RESET_EVERY inputs. The volumes live
 * in a scratch folder made at start: FOLDER/root is the server's root,
 * FOLDER/OUTSIDE.TXT a file no request may reach.
 *
 * An input is a sequence of frames, each a 2-byte big-endian length and
 * that many bytes (what QEMU's dgram netdev delivers). Properties:
 *   - no request crashes or misbehaves (ASan, UBSan) or takes long
 *     (libFuzzer's -timeout);
 *   - every frame the server sends is a well-formed IPX frame addressed to
 *     the station that asked (Ethernet and IPX destination = its source);
 *   - no reply to the echo socket is longer than the request it answers;
 *   - nothing outside the root changes: FOLDER holds the root and
 *     OUTSIDE.TXT, and OUTSIDE.TXT keeps its size.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <ftw.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"
#include "qemu/ncpserv/ncpserv.h"

#define FUZZ_RESET_EVERY 1024

static NS_SERVER Server;
static char Folder[256], Outside[300];
static const UCHAR *AskedFrame;
static ULONG AskedLength;
static unsigned long Inputs;

static int Capture(PNS_SERVER S, const UCHAR *Frame, ULONG Length)
{
    ETH_HEADER Eth, AskedEth;
    IPX_HEADER Ipx, AskedIpx;
    const UCHAR *Payload;
    ULONG PayloadLength;

    FUZZ_CHECK(IpxParseFrame(Frame, Length, &Eth, &Ipx, &Payload, &PayloadLength) ==
               STATUS_SUCCESS);
    FUZZ_CHECK(IpxParseFrame(AskedFrame, AskedLength, &AskedEth, &AskedIpx, &Payload,
                             &PayloadLength) == STATUS_SUCCESS);
    FUZZ_CHECK(memcmp(Eth.Destination, AskedEth.Source, ETH_ADDRESS_LENGTH) == 0);
    FUZZ_CHECK(memcmp(&Ipx.Destination, &AskedIpx.Source, sizeof(IPX_ADDRESS)) == 0);
    if (Ipx.Source.Socket == NCP_ECHO_SOCKET)
        FUZZ_CHECK(Ipx.Length <= AskedIpx.Length);
    return 0;
}

static void CheckOutside(void)
{
    struct stat Status;
    struct dirent *Entry;
    int Count = 0;
    DIR *Dir = opendir(Folder);

    FUZZ_CHECK(Dir != NULL);
    while ((Entry = readdir(Dir)) != NULL)
        Count++;
    closedir(Dir);
    FUZZ_CHECK(Count == 4);                 /* ., .., root, OUTSIDE.TXT */
    FUZZ_CHECK(stat(Outside, &Status) == 0 && Status.st_size == 7);
}

static int RemoveOne(const char *Path, const struct stat *Status, int Flag, struct FTW *Walk)
{
    return remove(Path);
}

static void RemoveFolder(void)
{
    NsShutdown(&Server);
    nftw(Folder, RemoveOne, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *Argc, char ***Argv)
{
    NS_OPTIONS Options;
    FILE *File;

    snprintf(Folder, sizeof(Folder), "%s/fuzz-ncpserv-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    FUZZ_CHECK(mkdtemp(Folder) != NULL);
    atexit(RemoveFolder);
    snprintf(Outside, sizeof(Outside), "%s/OUTSIDE.TXT", Folder);
    File = fopen(Outside, "w");
    FUZZ_CHECK(File != NULL && fputs("secret\n", File) >= 0);
    fclose(File);
    memset(&Options, 0, sizeof(Options));
    snprintf(Options.Root, sizeof(Options.Root), "%s/root", Folder);
    snprintf(Options.Fixtures, sizeof(Options.Fixtures), "%s", NS_FIXTURES_DIR);
    Options.Deterministic = TRUE;
    /* A keyed login's answer depends on a key the fuzzer's inputs cannot
       know in advance; the seeds' unencrypted login is how inputs reach
       what only a logged-in connection may do. */
    Options.AllowUnencrypted = TRUE;
    FUZZ_CHECK(NsInitialize(&Server, &Options, Capture, NULL) == 0);
    Server.Log = NULL;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size)
{
    size_t Offset = 0, Length;

    if (++Inputs % FUZZ_RESET_EVERY == 0)
        FUZZ_CHECK(NsReset(&Server, 0) == 0);
    while (Offset + 2 <= Size) {
        Length = (size_t)(Data[Offset] << 8 | Data[Offset + 1]);
        Offset += 2;
        if (Length > Size - Offset)
            Length = Size - Offset;
        AskedFrame = Data + Offset;
        AskedLength = (ULONG)Length;
        NsReceiveFrame(&Server, AskedFrame, AskedLength);
        Offset += Length;
    }
    CheckOutside();
    return 0;
}
