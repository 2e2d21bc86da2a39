/*
 * nwrname.c - what NWRDR makes of the names it is given and of NCP's
 * answers, with no kernel call: the part tests/fuzz/fuzz_nwrdr.c runs on
 * the host, compiled from this same file (nwrname.h).
 *
 * Interface:
 *   NwrParseName     "\;X:\SERVER\VOLUME[\PATH]", a name below \Device\NwRdr
 *   NwrParseTarget   "\Device\NwRdr\;X:\SERVER\VOLUME", a connection's target
 *   NwrMapTimes      a NetWare date and time (Open File, File Search) as NT time
 *   NwrPackEntry     a File Search answer as a FILE_DIRECTORY_INFORMATION
 *   NwrPutName       a structure ending in a name, cut to the caller's room
 *   NwrUsableBufferSize  the negotiated buffer NWRDR moves data in
 *   NwrPiece         the next read or write piece of it
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include "rtl/rtl.h"
#include "drivers/nwrdr/nwrname.h"

/* ------------------------------------------------------------------ names */

static BOOLEAN NwrpTakeComponent(PCSTR *Text, PCSTR End, PCHAR Out, ULONG Size)
{
    ULONG n = 0;

    while (*Text < End && **Text != '\\') {
        if (n + 1 >= Size || **Text == '/' || **Text == ':' || (UCHAR)**Text < 0x20)
            return FALSE;
        Out[n++] = (CHAR)RtlUpperChar(*(*Text)++);
    }
    Out[n] = '\0';
    return n > 0;
}

/* "" (the device), "\;X:\SERVER\VOLUME" or "\;X:\SERVER\VOLUME\PATH",
   the part of a name below \Device\NwRdr. */
NTSTATUS NwrParseName(const STRING *Name, PNWR_NAME Out)
{
    PCSTR p = Name->Buffer, end = Name->Buffer + Name->Length;
    ULONG n = 0;

    memset(Out, 0, sizeof(*Out));
    if (Name->Length == 0)
        return STATUS_SUCCESS;
    if (Name->Length < 5 || p[0] != '\\' || p[1] != ';' || p[3] != ':' || p[4] != '\\')
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    Out->Letter = (CHAR)RtlUpperChar(p[2]);
    if (Out->Letter < 'A' || Out->Letter > 'Z')
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    p += 5;
    if (!NwrpTakeComponent(&p, end, Out->Server, sizeof(Out->Server)) || p == end ||
        (p++, !NwrpTakeComponent(&p, end, Out->Volume, sizeof(Out->Volume))))
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    Out->Kind = NwrNameVolume;
    if (p < end)
        p++;                    /* the '\' after the volume; "VOLUME\" is the root */
    while (p < end) {
        if (n > 0)
            Out->Path[n++] = '\\';
        if (!NwrpTakeComponent(&p, end, Out->Path + n, sizeof(Out->Path) - n))
            return STATUS_OBJECT_NAME_INVALID;
        n += strlen(Out->Path + n);
        if (p < end)
            p++;                /* a trailing '\' names the same directory */
    }
    if (n > 0)
        Out->Kind = NwrNameFile;
    return STATUS_SUCCESS;
}

/* The part of "\Device\NwRdr\;X:\SERVER\VOLUME" below the device. */
NTSTATUS NwrParseTarget(PCSTR Target, PNWR_NAME Out)
{
    SIZE_T n = sizeof(NWR_DEVICE_NAME) - 1;
    STRING below;
    NTSTATUS status;

    if (strncasecmp(Target, NWR_DEVICE_NAME, n) != 0 || Target[n] != '\\')
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    below.Buffer = (PCHAR)Target + n;
    below.Length = below.MaximumLength = (USHORT)strlen(below.Buffer);
    status = NwrParseName(&below, Out);
    if (NT_SUCCESS(status) && Out->Kind != NwrNameVolume)
        status = STATUS_OBJECT_PATH_SYNTAX_BAD;
    return status;
}

/* ---------------------------------------------------------------- answers */

/* A NetWare date and time (DOS's packing: years from 1980, 2-second
   steps) as NT time: 100 ns units since 1601. A date of 0 is no date (0);
   a day or time the calendar does not have (February 30, 24:00, 61
   seconds) is refused, and *NtTime left alone, as NT's RtlTimeFieldsToTime
   refuses one, rather than read as a moment of a later day. */
NTSTATUS NwrMapTimes(USHORT Date, USHORT Time, LONG64 *NtTime)
{
    static const USHORT days[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
    static const UCHAR length[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    ULONG year = 1980 + (Date >> 9), month = (Date >> 5) & 15, day = Date & 31;
    ULONG hour = Time >> 11, minute = (Time >> 5) & 63, second = (Time & 31) * 2;
    BOOLEAN leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    ULONG64 d;

    if (Date == 0) {
        *NtTime = 0;
        return STATUS_SUCCESS;
    }
    if (month < 1 || month > 12 || day < 1 || day > length[month - 1] ||
        (month == 2 && day == 29 && !leap) || hour > 23 || minute > 59 || second > 59)
        return STATUS_INVALID_PARAMETER;
    d = (year - 1601) * 365ull + (year - 1601) / 4 - (year - 1601) / 100 + (year - 1601) / 400;
    d += days[month - 1] + day - 1;
    if (month > 2 && leap)
        d++;
    *NtTime = (LONG64)((d * 86400ull + hour * 3600ull + minute * 60ull + second) * 10000000ull);
    return STATUS_SUCCESS;
}

/* Appends one FILE_DIRECTORY_INFORMATION at *Used (8-byte aligned, the
   previous entry pointing to it); FALSE when it does not fit. */
BOOLEAN NwrPackEntry(PUCHAR Buffer, ULONG Length, PULONG Used, PULONG Last,
                     const NCP_SEARCH_ENTRY *e, ULONG Index)
{
    ULONG name = strlen(e->Name);
    ULONG size = (offsetof(FILE_DIRECTORY_INFORMATION, FileName) + name + 7) & ~7u;
    FILE_DIRECTORY_INFORMATION *out = (FILE_DIRECTORY_INFORMATION *)(Buffer + *Used);

    if (*Used + size > Length)
        return FALSE;
    if (*Used != 0)
        ((FILE_DIRECTORY_INFORMATION *)(Buffer + *Last))->NextEntryOffset = *Used - *Last;
    memset(out, 0, size);
    out->FileIndex = Index;
    out->EndOfFile = (e->Attributes & NCP_ATTR_DIRECTORY) ? 0 : e->Size;
    out->FileAttributes = e->Attributes & (NCP_ATTR_READ_ONLY | NCP_ATTR_HIDDEN |
                                           NCP_ATTR_SYSTEM | NCP_ATTR_DIRECTORY |
                                           NCP_ATTR_ARCHIVE);
    out->FileNameLength = name;
    memcpy(out->FileName, e->Name, name);
    *Last = *Used;
    *Used += size;
    return TRUE;
}

/* A structure ending in a name, the name cut to Length with
   STATUS_BUFFER_OVERFLOW; *Used what was written. */
NTSTATUS NwrPutName(PCHAR Out, ULONG Room, PCSTR Name, PULONG NameLength, PULONG Used,
                    ULONG Fixed)
{
    ULONG n = strlen(Name), fit = Room - Fixed < n ? Room - Fixed : n;

    memcpy(Out, Name, fit);
    *NameLength = fit;
    *Used = Fixed + fit;
    return fit < n ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

/* The buffer size NWRDR moves data in, from what the server negotiated:
   never more than it asked for; 0, which would cut nothing into pieces,
   when the answer is unusable. */
USHORT NwrUsableBufferSize(USHORT Negotiated)
{
    return Negotiated > NWR_IO_SIZE ? NWR_IO_SIZE : Negotiated;
}

/* The next piece at Offset: at most the buffer size (not 0), not across
   one. */
USHORT NwrPiece(USHORT BufferSize, ULONG64 Offset, ULONG Remaining)
{
    ULONG size = BufferSize, room = size - (ULONG)(Offset % size);

    return (USHORT)(Remaining < room ? Remaining : room);
}
