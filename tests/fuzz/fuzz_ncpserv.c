/*
 * fuzz_ncpserv.c - ncpserv's whole frame handler (NsReceiveFrame): frames
 * in, replies out, the server's state (connections, logins, handles,
 * searches, files on disk) kept across inputs, and put back as the
 * harness's own reset does every FUZZ_RESET_EVERY inputs. The volumes live
 * in a scratch folder made at start: FOLDER/root is the server's root;
 * FOLDER/OUTSIDE.TXT and FOLDER/OUTSIDE/KEEP.TXT are files no request may
 * reach.
 *
 * Links lead there from inside the volume, planted again after every reset
 * (a reset rebuilds the volumes): SYS:PUBLIC\MISSING.TXT, the name the
 * session's seeds open expecting no file, to OUTSIDE.TXT, so their mutants
 * create, write, erase and rename through it; and, in every other period
 * between resets, SYS:PUBLIC\WORK, the folder the calls seeds create and
 * work in, to OUTSIDE/, so their creates, writes and renames aim outside
 * (in the other periods WORK is theirs and they reach everything after).
 *
 * An input is a sequence of frames, each a 2-byte big-endian length and
 * that many bytes (what QEMU's dgram netdev delivers). Properties:
 *   - no request crashes or misbehaves (ASan, UBSan) or takes long
 *     (libFuzzer's -timeout);
 *   - every frame the server sends is a well-formed IPX frame addressed to
 *     the station that asked (Ethernet and IPX destination = its source);
 *   - no reply to the echo socket is longer than the request it answers;
 *   - nothing outside the root changes: FOLDER holds the root, OUTSIDE.TXT
 *     and OUTSIDE/, which holds KEEP.TXT alone; both files keep their
 *     bytes, read directly and through the links, which are still links
 *     (the server neither follows nor replaces one).
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
#define FUZZ_SECRET      "secret\n"
#define FUZZ_KEPT        "kept\n"

static NS_SERVER Server;
static char Folder[256], Outside[300], OutsideDir[300], FileLink[300], DirLink[300];
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

static void WriteFile(const char *Path, const char *Text)
{
    FILE *File = fopen(Path, "w");

    FUZZ_CHECK(File != NULL && fputs(Text, File) >= 0);
    fclose(File);
}

/* Does Path (followed if it is a link) hold exactly Text? */
static int Holds(const char *Path, const char *Text)
{
    char Buffer[64];
    size_t Got;
    FILE *File = fopen(Path, "r");

    if (!File)
        return 0;
    Got = fread(Buffer, 1, sizeof(Buffer), File);
    fclose(File);
    return Got == strlen(Text) && memcmp(Buffer, Text, Got) == 0;
}

/* The names in Path (followed if it is a link), but . and .. */
static int CountEntries(const char *Path)
{
    struct dirent *Entry;
    int Count = 0;
    DIR *Dir = opendir(Path);

    FUZZ_CHECK(Dir != NULL);
    while ((Entry = readdir(Dir)) != NULL)
        Count += strcmp(Entry->d_name, ".") != 0 && strcmp(Entry->d_name, "..") != 0;
    closedir(Dir);
    return Count;
}

static int IsLink(const char *Path)
{
    struct stat Status;

    return lstat(Path, &Status) == 0 && S_ISLNK(Status.st_mode);
}

/* The period between two resets: odd ones have the WORK link. */
static int WorkLinked(void)
{
    return (Inputs / FUZZ_RESET_EVERY) % 2 == 1;
}

static void PlantLinks(void)
{
    FUZZ_CHECK(symlink(Outside, FileLink) == 0);
    if (WorkLinked())
        FUZZ_CHECK(symlink(OutsideDir, DirLink) == 0);
}

static void CheckOutside(void)
{
    char Kept[320];

    snprintf(Kept, sizeof(Kept), "%s/KEEP.TXT", OutsideDir);
    FUZZ_CHECK(CountEntries(Folder) == 3);          /* root, OUTSIDE.TXT, OUTSIDE */
    FUZZ_CHECK(CountEntries(OutsideDir) == 1);
    FUZZ_CHECK(Holds(Outside, FUZZ_SECRET) && Holds(Kept, FUZZ_KEPT));
    FUZZ_CHECK(IsLink(FileLink) && Holds(FileLink, FUZZ_SECRET));
    if (WorkLinked()) {
        snprintf(Kept, sizeof(Kept), "%s/KEEP.TXT", DirLink);
        FUZZ_CHECK(IsLink(DirLink) && CountEntries(DirLink) == 1 && Holds(Kept, FUZZ_KEPT));
    }
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
    char Kept[320];

    snprintf(Folder, sizeof(Folder), "%s/fuzz-ncpserv-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    FUZZ_CHECK(mkdtemp(Folder) != NULL);
    atexit(RemoveFolder);
    snprintf(Outside, sizeof(Outside), "%s/OUTSIDE.TXT", Folder);
    snprintf(OutsideDir, sizeof(OutsideDir), "%s/OUTSIDE", Folder);
    snprintf(Kept, sizeof(Kept), "%s/KEEP.TXT", OutsideDir);
    snprintf(FileLink, sizeof(FileLink), "%s/root/SYS/PUBLIC/MISSING.TXT", Folder);
    snprintf(DirLink, sizeof(DirLink), "%s/root/SYS/PUBLIC/WORK", Folder);
    WriteFile(Outside, FUZZ_SECRET);
    FUZZ_CHECK(mkdir(OutsideDir, 0755) == 0);
    WriteFile(Kept, FUZZ_KEPT);
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
    PlantLinks();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size)
{
    size_t Offset = 0, Length;

    if (++Inputs % FUZZ_RESET_EVERY == 0) {
        FUZZ_CHECK(NsReset(&Server, 0) == 0);
        PlantLinks();
    }
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
