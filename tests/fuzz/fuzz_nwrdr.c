/*
 * fuzz_nwrdr.c - what NWRDR makes of names and of NCP's answers
 * (drivers/nwrdr/nwrname.c, the code the redirector runs), over the NCP
 * codec that turns the answer's bytes into a structure first.
 *
 * An input is one byte of room (the caller's buffer: that many times 4
 * bytes for a listing, at least the structure for a volume label), a
 * 2-byte big-endian length N and N bytes of an NCP request, a 2-byte
 * length M and M bytes of the server's reply to it, then a name below
 * \Device\NwRdr. Properties:
 *   - nothing reads or writes out of bounds or overflows (ASan, UBSan;
 *     every output buffer is allocated to its exact room);
 *   - a name NwrParseName takes has its parts terminated within their
 *     fields, upper case, free of separators, of the kind its shape says,
 *     and written back canonically ("\;X:\SERVER\VOLUME[\PATH]") it parses
 *     to the same NWR_NAME; under \Device\NwRdr, NwrParseTarget takes it
 *     exactly when it names a volume;
 *   - a File Search answer packs into FILE_DIRECTORY_INFORMATION entries
 *     that stay within the room, 8-byte aligned, chained in order, each
 *     with the answer's name; its dates, and Open File's, map to an NT time
 *     that reads back as the same date and time, or are refused;
 *   - a volume label is cut to the room and reported as cut;
 *   - the negotiated buffer, as NWRDR keeps it, is refused, or cuts any
 *     transfer into pieces that are not empty, not larger than it and not
 *     across a multiple of it.
 */
#include <stddef.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "drivers/nwrdr/nwrname.h"

#define NT_DAY      (86400ull * 10000000ull)

static BOOLEAN Terminated(const CHAR *Field, size_t Size)
{
    return memchr(Field, '\0', Size) != NULL;
}

static BOOLEAN CleanComponent(const CHAR *Text, BOOLEAN PathSeparators)
{
    for (; *Text != '\0'; Text++) {
        if ((*Text == '\\' && !PathSeparators) || *Text == '/' || *Text == ':' ||
            (UCHAR)*Text < 0x20 || (*Text >= 'a' && *Text <= 'z'))
            return FALSE;
    }
    return TRUE;
}

static NTSTATUS Parse(const char *Text, size_t Length, PNWR_NAME Out)
{
    STRING s = { (USHORT)Length, (USHORT)Length, (PCHAR)Text };

    return NwrParseName(&s, Out);
}

static void CheckName(const uint8_t *Data, size_t Size)
{
    static char Text[16 + NWR_MAX_SERVER + NWR_MAX_VOLUME + NWR_MAX_PATH + 32];
    NWR_NAME name, again;
    int n;

    if (Size > 0xFFFF || !NT_SUCCESS(Parse((const char *)Data, Size, &name)))
        return;
    if (Size == 0) {
        FUZZ_CHECK(name.Kind == NwrNameDevice);
        return;
    }
    FUZZ_CHECK(Terminated(name.Server, sizeof(name.Server)) &&
               Terminated(name.Volume, sizeof(name.Volume)) &&
               Terminated(name.Path, sizeof(name.Path)));
    FUZZ_CHECK(name.Letter >= 'A' && name.Letter <= 'Z');
    FUZZ_CHECK(name.Server[0] != '\0' && name.Volume[0] != '\0');
    FUZZ_CHECK(CleanComponent(name.Server, FALSE) && CleanComponent(name.Volume, FALSE) &&
               CleanComponent(name.Path, TRUE));
    FUZZ_CHECK(name.Kind == (name.Path[0] != '\0' ? NwrNameFile : NwrNameVolume));
    FUZZ_CHECK(strstr(name.Path, "\\\\") == NULL && name.Path[0] != '\\' &&
               (name.Path[0] == '\0' || name.Path[strlen(name.Path) - 1] != '\\'));
    n = snprintf(Text, sizeof(Text), "\\;%c:\\%s\\%s%s%s", name.Letter, name.Server,
                 name.Volume, name.Path[0] != '\0' ? "\\" : "", name.Path);
    FUZZ_CHECK(n > 0 && (size_t)n < sizeof(Text));
    FUZZ_CHECK(Parse(Text, (size_t)n, &again) == STATUS_SUCCESS);
    FUZZ_CHECK(memcmp(&again, &name, sizeof(name)) == 0);
    n = snprintf(Text, sizeof(Text), "%s\\;%c:\\%s\\%s%s%s", NWR_DEVICE_NAME, name.Letter,
                 name.Server, name.Volume, name.Path[0] != '\0' ? "\\" : "", name.Path);
    FUZZ_CHECK(n > 0 && (size_t)n < sizeof(Text));
    if (name.Kind == NwrNameVolume) {
        FUZZ_CHECK(NwrParseTarget(Text, &again) == STATUS_SUCCESS);
        FUZZ_CHECK(memcmp(&again, &name, sizeof(name)) == 0);
    } else {
        FUZZ_CHECK(!NT_SUCCESS(NwrParseTarget(Text, &again)));
    }
}

/* The target as the FSCTL gives it: a C string, whatever it holds. */
static void CheckTarget(const uint8_t *Data, size_t Size)
{
    char *text = malloc(Size + 1);
    NWR_NAME name;

    memcpy(text, Data, Size);
    text[Size] = '\0';
    if (NT_SUCCESS(NwrParseTarget(text, &name)))
        FUZZ_CHECK(name.Kind == NwrNameVolume);
    free(text);
}

/* A mapped NT time read back as DOS fields (Date == 0 maps to 0). */
static void CheckTimes(USHORT Date, USHORT Time)
{
    ULONG64 days, rest, year = 1601, month = 1;
    static const int length[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    LONG64 t;

    if (!NT_SUCCESS(NwrMapTimes(Date, Time, &t)))
        return;
    if (Date == 0) {
        FUZZ_CHECK(t == 0);
        return;
    }
    FUZZ_CHECK(t > 0);
    days = (ULONG64)t / NT_DAY;
    rest = (ULONG64)t % NT_DAY / 10000000ull;
    for (;;) {
        ULONG64 in = (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 366 : 365;
        if (days < in)
            break;
        days -= in;
        year++;
    }
    for (;;) {
        ULONG64 in = length[month - 1] +
                     (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
        if (days < in)
            break;
        days -= in;
        month++;
    }
    FUZZ_CHECK(year == 1980 + (Date >> 9u) && month == ((Date >> 5u) & 15u) &&
               days + 1 == (Date & 31u));
    FUZZ_CHECK(rest / 3600 == (Time >> 11u) && rest / 60 % 60 == ((Time >> 5u) & 63u) &&
               rest % 60 == (Time & 31u) * 2u);
}

/* Entries packed until the room is full (at most a few), then walked. */
static void CheckListing(const NCP_SEARCH_ENTRY *Entry, ULONG Room)
{
    PUCHAR buffer = malloc(Room != 0 ? Room : 1);
    ULONG used = 0, last = 0, at = 0, count = 0, i;

    FUZZ_CHECK(Terminated(Entry->Name, sizeof(Entry->Name)));
    for (i = 0; i < 4 && NwrPackEntry(buffer, Room, &used, &last, Entry, i); i++)
        FUZZ_CHECK(used <= Room && used % 8 == 0 && last < used);
    while (used != 0) {
        FILE_DIRECTORY_INFORMATION *e = (FILE_DIRECTORY_INFORMATION *)(buffer + at);
        FUZZ_CHECK(at % 8 == 0 && at + offsetof(FILE_DIRECTORY_INFORMATION, FileName) <= used);
        FUZZ_CHECK(e->FileIndex == count);
        FUZZ_CHECK(e->FileNameLength == strlen(Entry->Name));
        FUZZ_CHECK(at + offsetof(FILE_DIRECTORY_INFORMATION, FileName) + e->FileNameLength <=
                   used);
        FUZZ_CHECK(memcmp(e->FileName, Entry->Name, e->FileNameLength) == 0);
        count++;
        if (e->NextEntryOffset == 0)
            break;
        FUZZ_CHECK(e->NextEntryOffset % 8 == 0 && at + e->NextEntryOffset < used);
        at += e->NextEntryOffset;
    }
    FUZZ_CHECK(count == i);
    free(buffer);
}

static void CheckLabel(const CHAR *Label, ULONG Room)
{
    ULONG fixed = offsetof(FILE_FS_VOLUME_INFORMATION, VolumeLabel), used, length;
    ULONG room = Room < sizeof(FILE_FS_VOLUME_INFORMATION) ? sizeof(FILE_FS_VOLUME_INFORMATION)
                                                           : Room;
    FILE_FS_VOLUME_INFORMATION *info = malloc(room);
    NTSTATUS status = NwrPutName(info->VolumeLabel, room, Label, &length, &used, fixed);

    FUZZ_CHECK(used <= room && used == fixed + length && length <= strlen(Label));
    FUZZ_CHECK(memcmp(info->VolumeLabel, Label, length) == 0);
    FUZZ_CHECK(status == (length < strlen(Label) ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS));
    free(info);
}

/* The pieces of a transfer of Length at Offset, as the worker cuts them. */
static void CheckPieces(USHORT Negotiated, ULONG64 Offset, ULONG Length)
{
    USHORT size = NwrUsableBufferSize(Negotiated);
    ULONG done = 0, piece;

    if (size == 0)
        return;                 /* the connection is refused */

    while (done < Length) {
        piece = NwrPiece(size, Offset + done, Length - done);
        FUZZ_CHECK(piece > 0 && piece <= size && piece <= Length - done);
        FUZZ_CHECK((Offset + done) / size == (Offset + done + piece - 1) / size);
        done += piece;
    }
}

static void CheckReply(const NCP_REQUEST *Request, const NCP_REPLY *Reply, ULONG Room,
                       ULONG64 Offset)
{
    const NCP_FILE_INFO *file = &Reply->u.File;

    switch (Request->Header.Function) {
    case NCP_FILE_SEARCH_CONTINUE:
        CheckListing(&Reply->u.SearchEntry, Room * 4);
        CheckTimes(Reply->u.SearchEntry.UpdateDate, Reply->u.SearchEntry.UpdateTime);
        CheckTimes(Reply->u.SearchEntry.CreationDate, Reply->u.SearchEntry.CreationTime);
        break;
    case NCP_OPEN_FILE:
    case NCP_OPEN_FILE_OLD:
    case NCP_CREATE_FILE:
    case NCP_CREATE_NEW_FILE:
        FUZZ_CHECK(Terminated(file->Name, sizeof(file->Name)));
        CheckTimes(file->CreationDate, 0);
        CheckTimes(file->AccessDate, 0);
        CheckTimes(file->UpdateDate, file->UpdateTime);
        break;
    case NCP_GET_VOLUME_INFO:
        FUZZ_CHECK(Terminated(Reply->u.VolumeInfo.Name, sizeof(Reply->u.VolumeInfo.Name)));
        CheckLabel(Reply->u.VolumeInfo.Name, Room);
        break;
    case NCP_NEGOTIATE_BUFFER:
        CheckPieces(Reply->u.Negotiate.BufferSize, Offset, 64 * 1024);
        break;
    default:
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size)
{
    NCP_REQUEST request;
    NCP_REPLY reply;
    size_t at = 3, n, m;
    ULONG room;

    if (Size < 3 || Size > 4096)
        return -1;
    room = Data[0];
    n = (size_t)(Data[1] << 8 | Data[2]);
    if (n > Size - at)
        n = Size - at;
    at += n;
    m = at + 2 <= Size ? (size_t)(Data[at] << 8 | Data[at + 1]) : 0;
    at = at + 2 <= Size ? at + 2 : Size;
    if (m > Size - at)
        m = Size - at;
    if (NcpDecodeRequest(Data + 3, (ULONG)n, &request) == STATUS_SUCCESS &&
        NcpDecodeReply(Data + at, (ULONG)m, &request, &reply) == STATUS_SUCCESS &&
        reply.Header.CompletionCode == NCP_OK)
        CheckReply(&request, &reply, room, (ULONG64)Size * 977);
    at += m;
    CheckName(Data + at, Size - at);
    CheckTarget(Data + at, Size - at);
    return 0;
}
