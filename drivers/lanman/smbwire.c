/*
 * smbwire.c - SMB requests and replies, and NMPI, on the wire (interface,
 * layouts and status mapping in smbwire.h).
 *
 * Each command's layout is one function of cursor calls per direction of
 * the exchange (request, reply), run to encode and to decode, so that what
 * the redirector encodes is by construction what smbserv decodes. The
 * parts every command shares - the word count, the byte count and the
 * strings and blocks of the byte area - are checked here once: a word
 * count other than the command's, a byte count other than the bytes that
 * follow it, a string without its NUL, a block whose length disagrees with
 * the count beside it, a buffer-format byte of another kind.
 */
#include <string.h>

#include "drivers/ipx/ipxwire.h"
#include "drivers/lanman/smbwire.h"

static const UCHAR SmbpMagic[4] = { 0xFF, 'S', 'M', 'B' };

/* The buffer-format byte before a core string or block. */
enum {
    SMB_FORMAT_DATA = 0x01,             /* a data block: length, bytes */
    SMB_FORMAT_DIALECT = 0x02,
    SMB_FORMAT_ASCII = 0x04,
    SMB_FORMAT_VARIABLE = 0x05,         /* a variable block: length, bytes */
};

/* What the cursor's direction makes of a layout rule broken. */
static VOID SmbpRefuse(PWIRE_CURSOR Cursor)
{
    WireFail(Cursor, Cursor->Direction == WireDecode ? STATUS_INVALID_NETWORK_RESPONSE
                                                     : STATUS_INVALID_PARAMETER);
}

static VOID SmbpHeader(PWIRE_CURSOR Cursor, PSMB_HEADER Header)
{
    UCHAR Magic[sizeof(SmbpMagic)];

    memcpy(Magic, SmbpMagic, sizeof(Magic));
    WireBytes(Cursor, Magic, sizeof(Magic));
    if (NT_SUCCESS(Cursor->Status) && memcmp(Magic, SmbpMagic, sizeof(Magic)) != 0)
        WireFail(Cursor, STATUS_INVALID_NETWORK_RESPONSE);
    WireU8(Cursor, &Header->Command);
    WireU8(Cursor, &Header->ErrorClass);
    WireU8(Cursor, &Header->Reserved);
    WireU16Le(Cursor, &Header->Error);
    WireU8(Cursor, &Header->Flags);
    WireU16Le(Cursor, &Header->Flags2);
    WireU16Le(Cursor, &Header->PidHigh);
    WireU32Le(Cursor, &Header->Key);
    WireU16Le(Cursor, &Header->Sid);
    WireU16Le(Cursor, &Header->SequenceNumber);
    WireU16Le(Cursor, &Header->Gid);
    WireU16Le(Cursor, &Header->Tid);
    WireU16Le(Cursor, &Header->Pid);
    WireU16Le(Cursor, &Header->Uid);
    WireU16Le(Cursor, &Header->Mid);
}

/* The word count: Expected is the one the layout has. */
static VOID SmbpWordCount(PWIRE_CURSOR Cursor, UCHAR Expected)
{
    UCHAR Count = Expected;

    WireU8(Cursor, &Count);
    if (NT_SUCCESS(Cursor->Status) && Count != Expected)
        WireFail(Cursor, STATUS_INVALID_NETWORK_RESPONSE);
}

/*
 * The byte count, which must count exactly the bytes left (an SMB is the
 * whole datagram). Encode writes it in SmbpEndBytes, once the bytes are
 * known; the returned offset says where.
 */
static ULONG SmbpBeginBytes(PWIRE_CURSOR Cursor)
{
    ULONG At = Cursor->Offset;
    USHORT Count = 0;

    WireU16Le(Cursor, &Count);
    if (Cursor->Direction == WireDecode && NT_SUCCESS(Cursor->Status) &&
        Count != Cursor->Length - Cursor->Offset)
        WireFail(Cursor, STATUS_INVALID_NETWORK_RESPONSE);
    return At;
}

static VOID SmbpEndBytes(PWIRE_CURSOR Cursor, ULONG At)
{
    ULONG Count = Cursor->Offset - At - 2;

    if (Cursor->Direction != WireEncode || !NT_SUCCESS(Cursor->Status))
        return;
    if (Count > 0xFFFF) {
        WireFail(Cursor, STATUS_INVALID_PARAMETER);
        return;
    }
    Cursor->Buffer[At] = (UCHAR)Count;
    Cursor->Buffer[At + 1] = (UCHAR)(Count >> 8);
}

static VOID SmbpNoBytes(PWIRE_CURSOR Cursor)
{
    SmbpEndBytes(Cursor, SmbpBeginBytes(Cursor));
}

/* An ASCII string and its NUL; Text has room for Size bytes, the NUL's too. */
static VOID SmbpString(PWIRE_CURSOR Cursor, PCHAR Text, ULONG Size)
{
    ULONG Length = 0;

    if (!NT_SUCCESS(Cursor->Status))
        return;
    if (Cursor->Direction == WireEncode) {
        Length = (ULONG)strnlen(Text, Size);
        if (Length >= Size)
            WireFail(Cursor, STATUS_INVALID_PARAMETER);
        WireBytes(Cursor, Text, Length + 1);
        return;
    }
    while (Length < Size && Cursor->Offset + Length < Cursor->Length &&
           Cursor->Buffer[Cursor->Offset + Length] != '\0')
        Length++;
    if (Length == Size || Cursor->Offset + Length == Cursor->Length) {
        WireFail(Cursor, STATUS_INVALID_NETWORK_RESPONSE);
        return;
    }
    WireBytes(Cursor, Text, Length + 1);
}

static VOID SmbpFormat(PWIRE_CURSOR Cursor, UCHAR Format)
{
    UCHAR Byte = Format;

    WireU8(Cursor, &Byte);
    if (NT_SUCCESS(Cursor->Status) && Byte != Format)
        WireFail(Cursor, STATUS_INVALID_NETWORK_RESPONSE);
}

/* A core string: its buffer format, then the string. */
static VOID SmbpFormatString(PWIRE_CURSOR Cursor, UCHAR Format, PCHAR Text, ULONG Size)
{
    SmbpFormat(Cursor, Format);
    SmbpString(Cursor, Text, Size);
}

/* A data or variable block of exactly Length bytes. */
static VOID SmbpBlock(PWIRE_CURSOR Cursor, UCHAR Format, const UCHAR **Data, ULONG Length)
{
    USHORT Count = (USHORT)Length;

    if (Length > 0xFFFF) {
        SmbpRefuse(Cursor);
        return;
    }
    SmbpFormat(Cursor, Format);
    WireU16Le(Cursor, &Count);
    if (NT_SUCCESS(Cursor->Status) && Count != Length)
        WireFail(Cursor, STATUS_INVALID_NETWORK_RESPONSE);
    WireData(Cursor, Data, Length);
}

/* A fixed-width, NUL-padded name: at most Width - 1 characters. */
static VOID SmbpFixedName(PWIRE_CURSOR Cursor, PCHAR Name, ULONG Width)
{
    CHAR Padded[SMB_ENTRY_NAME_LENGTH + 1];
    size_t Length;

    if (Cursor->Direction == WireDecode) {
        WireBytes(Cursor, Name, Width);
        Name[Width] = '\0';
        if (NT_SUCCESS(Cursor->Status) && !WireIsNulPadded(Name, Width))
            WireFail(Cursor, STATUS_INVALID_NETWORK_RESPONSE);
        return;
    }
    Length = strnlen(Name, Width);
    if (Length >= Width) {
        WireFail(Cursor, STATUS_INVALID_PARAMETER);
        return;
    }
    memset(Padded, 0, sizeof(Padded));
    memcpy(Padded, Name, Length);
    WireBytes(Cursor, Padded, Width);
}

/*
 * An AndX block. irplab sends one command per message; a chained one is a
 * request this codec does not take (STATUS_NOT_IMPLEMENTED), and nothing
 * it would encode.
 */
static VOID SmbpAndX(PWIRE_CURSOR Cursor, PSMB_ANDX AndX)
{
    WireU8(Cursor, &AndX->Command);
    WireU8(Cursor, &AndX->Reserved);
    WireU16Le(Cursor, &AndX->Offset);
    if (NT_SUCCESS(Cursor->Status) && AndX->Command != SMB_NO_ANDX)
        WireFail(Cursor, Cursor->Direction == WireDecode ? STATUS_NOT_IMPLEMENTED
                                                         : STATUS_INVALID_PARAMETER);
}

/* A password of Length bytes, at most SMB_MAX_PASSWORD. */
static VOID SmbpPassword(PWIRE_CURSOR Cursor, PUCHAR Password, USHORT Length)
{
    if (NT_SUCCESS(Cursor->Status) && Length > SMB_MAX_PASSWORD) {
        SmbpRefuse(Cursor);
        return;
    }
    WireBytes(Cursor, Password, Length);
}

/* NEGOTIATE: no words; the dialects, each a string of format 0x02. */
static VOID SmbpNegotiateRequest(PWIRE_CURSOR Cursor, PSMB_REQUEST Request)
{
    PULONG Count = &Request->u.Negotiate.DialectCount;
    ULONG At, Index;

    SmbpWordCount(Cursor, 0);
    At = SmbpBeginBytes(Cursor);
    if (Cursor->Direction == WireDecode) {
        *Count = 0;
        while (NT_SUCCESS(Cursor->Status) && Cursor->Offset < Cursor->Length &&
               *Count < SMB_MAX_DIALECTS)
            SmbpFormatString(Cursor, SMB_FORMAT_DIALECT,
                             Request->u.Negotiate.Dialects[(*Count)++],
                             SMB_DIALECT_LENGTH + 1);
    } else {
        for (Index = 0; Index < *Count && Index < SMB_MAX_DIALECTS; Index++)
            SmbpFormatString(Cursor, SMB_FORMAT_DIALECT, Request->u.Negotiate.Dialects[Index],
                             SMB_DIALECT_LENGTH + 1);
    }
    if (NT_SUCCESS(Cursor->Status) && (*Count == 0 || *Count > SMB_MAX_DIALECTS))
        SmbpRefuse(Cursor);
    SmbpEndBytes(Cursor, At);
}

/* SESSION_SETUP_ANDX, LANMAN1.0's 10 words; the password and the account. */
static VOID SmbpSessionSetupRequest(PWIRE_CURSOR Cursor, PSMB_REQUEST Request)
{
    ULONG At;

    SmbpWordCount(Cursor, 10);
    SmbpAndX(Cursor, &Request->u.SessionSetup.AndX);
    WireU16Le(Cursor, &Request->u.SessionSetup.MaxBufferSize);
    WireU16Le(Cursor, &Request->u.SessionSetup.MaxMpxCount);
    WireU16Le(Cursor, &Request->u.SessionSetup.VcNumber);
    WireU32Le(Cursor, &Request->u.SessionSetup.SessionKey);
    WireU16Le(Cursor, &Request->u.SessionSetup.PasswordLength);
    WireU32Le(Cursor, &Request->u.SessionSetup.Reserved);
    At = SmbpBeginBytes(Cursor);
    SmbpPassword(Cursor, Request->u.SessionSetup.Password,
                 Request->u.SessionSetup.PasswordLength);
    SmbpString(Cursor, Request->u.SessionSetup.Account, SMB_MAX_NAME + 1);
    SmbpEndBytes(Cursor, At);
}

/* TREE_CONNECT: no words; path, password and service as core strings. */
static VOID SmbpTreeConnectRequest(PWIRE_CURSOR Cursor, PSMB_REQUEST Request)
{
    ULONG At;

    SmbpWordCount(Cursor, 0);
    At = SmbpBeginBytes(Cursor);
    SmbpFormatString(Cursor, SMB_FORMAT_ASCII, Request->u.TreeConnect.Path, SMB_MAX_PATH + 1);
    SmbpFormatString(Cursor, SMB_FORMAT_ASCII, (PCHAR)Request->u.TreeConnect.Password,
                     SMB_MAX_PASSWORD + 1);
    SmbpFormatString(Cursor, SMB_FORMAT_ASCII, Request->u.TreeConnect.Service,
                     SMB_MAX_NAME + 1);
    SmbpEndBytes(Cursor, At);
    if (Cursor->Direction == WireDecode && NT_SUCCESS(Cursor->Status))
        Request->u.TreeConnect.PasswordLength =
            (USHORT)strlen((PCHAR)Request->u.TreeConnect.Password);
}

/* TREE_CONNECT_ANDX: 4 words; the password's bytes, the path, the service. */
static VOID SmbpTreeConnectAndXRequest(PWIRE_CURSOR Cursor, PSMB_REQUEST Request)
{
    ULONG At;

    SmbpWordCount(Cursor, 4);
    SmbpAndX(Cursor, &Request->u.TreeConnect.AndX);
    WireU16Le(Cursor, &Request->u.TreeConnect.Flags);
    WireU16Le(Cursor, &Request->u.TreeConnect.PasswordLength);
    At = SmbpBeginBytes(Cursor);
    SmbpPassword(Cursor, Request->u.TreeConnect.Password,
                 Request->u.TreeConnect.PasswordLength);
    SmbpString(Cursor, Request->u.TreeConnect.Path, SMB_MAX_PATH + 1);
    SmbpString(Cursor, Request->u.TreeConnect.Service, SMB_MAX_NAME + 1);
    SmbpEndBytes(Cursor, At);
}

/* OPEN_ANDX: 15 words; the name, a plain string. */
static VOID SmbpOpenAndXRequest(PWIRE_CURSOR Cursor, PSMB_REQUEST Request)
{
    ULONG At;

    SmbpWordCount(Cursor, 15);
    SmbpAndX(Cursor, &Request->u.OpenAndX.AndX);
    WireU16Le(Cursor, &Request->u.OpenAndX.Flags);
    WireU16Le(Cursor, &Request->u.OpenAndX.AccessMode);
    WireU16Le(Cursor, &Request->u.OpenAndX.SearchAttributes);
    WireU16Le(Cursor, &Request->u.OpenAndX.FileAttributes);
    WireU32Le(Cursor, &Request->u.OpenAndX.CreationTime);
    WireU16Le(Cursor, &Request->u.OpenAndX.OpenFunction);
    WireU32Le(Cursor, &Request->u.OpenAndX.AllocationSize);
    WireU32Le(Cursor, &Request->u.OpenAndX.Timeout);
    WireU32Le(Cursor, &Request->u.OpenAndX.Reserved);
    At = SmbpBeginBytes(Cursor);
    SmbpString(Cursor, Request->u.OpenAndX.Name, SMB_MAX_PATH + 1);
    SmbpEndBytes(Cursor, At);
}

/* The commands whose only argument is one name: no words, one core string. */
static VOID SmbpPathRequest(PWIRE_CURSOR Cursor, PCHAR Name)
{
    ULONG At;

    SmbpWordCount(Cursor, 0);
    At = SmbpBeginBytes(Cursor);
    SmbpFormatString(Cursor, SMB_FORMAT_ASCII, Name, SMB_MAX_PATH + 1);
    SmbpEndBytes(Cursor, At);
}

/* A word, then one name (OPEN's two words, DELETE's and RENAME's one). */
static VOID SmbpNamed(PWIRE_CURSOR Cursor, UCHAR Words, PUSHORT First, PUSHORT Second,
                      PCHAR Name, PCHAR NewName)
{
    ULONG At;

    SmbpWordCount(Cursor, Words);
    WireU16Le(Cursor, First);
    if (Second)
        WireU16Le(Cursor, Second);
    At = SmbpBeginBytes(Cursor);
    SmbpFormatString(Cursor, SMB_FORMAT_ASCII, Name, SMB_MAX_PATH + 1);
    if (NewName)
        SmbpFormatString(Cursor, SMB_FORMAT_ASCII, NewName, SMB_MAX_PATH + 1);
    SmbpEndBytes(Cursor, At);
}

static VOID SmbpCreateRequest(PWIRE_CURSOR Cursor, PSMB_REQUEST Request)
{
    ULONG At;

    SmbpWordCount(Cursor, 3);
    WireU16Le(Cursor, &Request->u.Create.FileAttributes);
    WireU32Le(Cursor, &Request->u.Create.CreationTime);
    At = SmbpBeginBytes(Cursor);
    SmbpFormatString(Cursor, SMB_FORMAT_ASCII, Request->u.Create.Name, SMB_MAX_PATH + 1);
    SmbpEndBytes(Cursor, At);
}

static VOID SmbpSetInformationRequest(PWIRE_CURSOR Cursor, PSMB_REQUEST Request)
{
    ULONG At, Index;

    SmbpWordCount(Cursor, 8);
    WireU16Le(Cursor, &Request->u.SetInformation.FileAttributes);
    WireU32Le(Cursor, &Request->u.SetInformation.LastWriteTime);
    for (Index = 0; Index < SMB_RESERVED_WORDS; Index++)
        WireU16Le(Cursor, &Request->u.SetInformation.Reserved[Index]);
    At = SmbpBeginBytes(Cursor);
    SmbpFormatString(Cursor, SMB_FORMAT_ASCII, Request->u.SetInformation.Name,
                     SMB_MAX_PATH + 1);
    SmbpEndBytes(Cursor, At);
}

/* READ and WRITE: 5 words; WRITE's data as a data block of Count bytes. */
static VOID SmbpIoRequest(PWIRE_CURSOR Cursor, PSMB_REQUEST Request)
{
    ULONG At;

    SmbpWordCount(Cursor, 5);
    WireU16Le(Cursor, &Request->u.Io.Fid);
    WireU16Le(Cursor, &Request->u.Io.Count);
    WireU32Le(Cursor, &Request->u.Io.Offset);
    WireU16Le(Cursor, &Request->u.Io.Remaining);
    At = SmbpBeginBytes(Cursor);
    if (Request->Header.Command == SMB_COM_WRITE)
        SmbpBlock(Cursor, SMB_FORMAT_DATA, &Request->u.Io.Data, Request->u.Io.Count);
    SmbpEndBytes(Cursor, At);
}

static VOID SmbpResumeKey(PWIRE_CURSOR Cursor, PSMB_RESUME_KEY Key)
{
    WireU8(Cursor, &Key->Reserved);
    WireBytes(Cursor, Key->Name, SMB_NAME83_LENGTH);
    WireBytes(Cursor, Key->ServerState, sizeof(Key->ServerState));
    WireBytes(Cursor, Key->ClientState, sizeof(Key->ClientState));
}

/* SEARCH: 2 words; the pattern, then a variable block of 0 or 21 bytes. */
static VOID SmbpSearchRequest(PWIRE_CURSOR Cursor, PSMB_REQUEST Request)
{
    PUSHORT KeyLength = &Request->u.Search.ResumeKeyLength;
    ULONG At;

    SmbpWordCount(Cursor, 2);
    WireU16Le(Cursor, &Request->u.Search.MaxCount);
    WireU16Le(Cursor, &Request->u.Search.SearchAttributes);
    At = SmbpBeginBytes(Cursor);
    SmbpFormatString(Cursor, SMB_FORMAT_ASCII, Request->u.Search.Pattern, SMB_MAX_PATH + 1);
    SmbpFormat(Cursor, SMB_FORMAT_VARIABLE);
    WireU16Le(Cursor, KeyLength);
    if (NT_SUCCESS(Cursor->Status) && *KeyLength != 0 && *KeyLength != SMB_RESUME_KEY_LENGTH)
        SmbpRefuse(Cursor);
    if (*KeyLength != 0)
        SmbpResumeKey(Cursor, &Request->u.Search.ResumeKey);
    SmbpEndBytes(Cursor, At);
}

/* ECHO: the count; the bytes are the echo's data, all of them. */
static VOID SmbpEchoBody(PWIRE_CURSOR Cursor, PUSHORT Word, PUSHORT Length,
                         const UCHAR **Data)
{
    ULONG At;

    SmbpWordCount(Cursor, 1);
    WireU16Le(Cursor, Word);
    At = SmbpBeginBytes(Cursor);
    if (Cursor->Direction == WireDecode && NT_SUCCESS(Cursor->Status))
        *Length = (USHORT)(Cursor->Length - Cursor->Offset);
    WireData(Cursor, Data, *Length);
    SmbpEndBytes(Cursor, At);
}

/* Words of fixed-size fields only, and no bytes. */
static VOID SmbpFidRequest(PWIRE_CURSOR Cursor, PSMB_REQUEST Request)
{
    BOOLEAN Close = Request->Header.Command == SMB_COM_CLOSE;

    SmbpWordCount(Cursor, Close ? 3 : 1);
    WireU16Le(Cursor, &Request->u.File.Fid);
    if (Close)
        WireU32Le(Cursor, &Request->u.File.LastWriteTime);
    SmbpNoBytes(Cursor);
}

static VOID SmbpEmpty(PWIRE_CURSOR Cursor)
{
    SmbpWordCount(Cursor, 0);
    SmbpNoBytes(Cursor);
}

static VOID SmbpLogoff(PWIRE_CURSOR Cursor, PSMB_ANDX AndX)
{
    SmbpWordCount(Cursor, 2);
    SmbpAndX(Cursor, AndX);
    SmbpNoBytes(Cursor);
}

/* A request's words and bytes; FALSE for a command this codec does not know. */
static BOOLEAN SmbpRequestBody(PWIRE_CURSOR Cursor, PSMB_REQUEST Request)
{
    switch (Request->Header.Command) {
    case SMB_COM_NEGOTIATE: SmbpNegotiateRequest(Cursor, Request); break;
    case SMB_COM_SESSION_SETUP_ANDX: SmbpSessionSetupRequest(Cursor, Request); break;
    case SMB_COM_TREE_CONNECT: SmbpTreeConnectRequest(Cursor, Request); break;
    case SMB_COM_TREE_CONNECT_ANDX: SmbpTreeConnectAndXRequest(Cursor, Request); break;
    case SMB_COM_OPEN:
        SmbpNamed(Cursor, 2, &Request->u.Open.AccessMode, &Request->u.Open.SearchAttributes,
                  Request->u.Open.Name, NULL);
        break;
    case SMB_COM_OPEN_ANDX: SmbpOpenAndXRequest(Cursor, Request); break;
    case SMB_COM_CREATE:
    case SMB_COM_CREATE_NEW: SmbpCreateRequest(Cursor, Request); break;
    case SMB_COM_CLOSE:
    case SMB_COM_FLUSH: SmbpFidRequest(Cursor, Request); break;
    case SMB_COM_DELETE:
        SmbpNamed(Cursor, 1, &Request->u.Delete.SearchAttributes, NULL,
                  Request->u.Delete.Name, NULL);
        break;
    case SMB_COM_RENAME:
        SmbpNamed(Cursor, 1, &Request->u.Rename.SearchAttributes, NULL,
                  Request->u.Rename.Name, Request->u.Rename.NewName);
        break;
    case SMB_COM_CREATE_DIRECTORY:
    case SMB_COM_DELETE_DIRECTORY:
    case SMB_COM_CHECK_DIRECTORY:
    case SMB_COM_QUERY_INFORMATION: SmbpPathRequest(Cursor, Request->u.Path.Name); break;
    case SMB_COM_SET_INFORMATION: SmbpSetInformationRequest(Cursor, Request); break;
    case SMB_COM_READ:
    case SMB_COM_WRITE: SmbpIoRequest(Cursor, Request); break;
    case SMB_COM_SEARCH: SmbpSearchRequest(Cursor, Request); break;
    case SMB_COM_ECHO:
        SmbpEchoBody(Cursor, &Request->u.Echo.EchoCount, &Request->u.Echo.DataLength,
                     &Request->u.Echo.Data);
        break;
    case SMB_COM_TREE_DISCONNECT:
    case SMB_COM_QUERY_INFORMATION_DISK: SmbpEmpty(Cursor); break;
    case SMB_COM_LOGOFF_ANDX: SmbpLogoff(Cursor, &Request->u.Logoff.AndX); break;
    default:
        return FALSE;
    }
    return TRUE;
}

NTSTATUS SmbEncodeRequest(PUCHAR Buffer, ULONG Length,
                          const SMB_REQUEST *Request, PULONG Written)
{
    WIRE_CURSOR Cursor;
    SMB_REQUEST Copy = *Request;

    if (Copy.Header.Flags & SMB_FLAGS_REPLY)
        return STATUS_INVALID_PARAMETER;
    WireInitEncode(&Cursor, Buffer, Length);
    SmbpHeader(&Cursor, &Copy.Header);
    if (!SmbpRequestBody(&Cursor, &Copy))
        return STATUS_INVALID_PARAMETER;
    *Written = Cursor.Offset;
    return Cursor.Status;
}

NTSTATUS SmbDecodeRequest(const UCHAR *Buffer, ULONG Length,
                          PSMB_REQUEST Request)
{
    WIRE_CURSOR Cursor;

    memset(Request, 0, sizeof(*Request));
    WireInitDecode(&Cursor, Buffer, Length);
    SmbpHeader(&Cursor, &Request->Header);
    if (NT_SUCCESS(Cursor.Status) && (Request->Header.Flags & SMB_FLAGS_REPLY))
        return STATUS_INVALID_NETWORK_RESPONSE;
    if (NT_SUCCESS(Cursor.Status) && !SmbpRequestBody(&Cursor, Request))
        return STATUS_NOT_IMPLEMENTED;
    if (NT_SUCCESS(Cursor.Status) && Cursor.Offset != Cursor.Length)
        return STATUS_INVALID_NETWORK_RESPONSE;
    return Cursor.Status;
}

/* NEGOTIATE's answer: 1 word (core, or no dialect) or LANMAN1.0's 13. */
static VOID SmbpNegotiateReply(PWIRE_CURSOR Cursor, PSMB_REPLY Reply)
{
    UCHAR Words = Reply->u.Negotiate.LanMan ? 13 : 1;
    ULONG At;

    WireU8(Cursor, &Words);
    if (NT_SUCCESS(Cursor->Status) && Words != 1 && Words != 13)
        WireFail(Cursor, STATUS_INVALID_NETWORK_RESPONSE);
    Reply->u.Negotiate.LanMan = Words == 13;
    WireU16Le(Cursor, &Reply->u.Negotiate.DialectIndex);
    if (!Reply->u.Negotiate.LanMan) {
        SmbpNoBytes(Cursor);
        return;
    }
    WireU16Le(Cursor, &Reply->u.Negotiate.SecurityMode);
    WireU16Le(Cursor, &Reply->u.Negotiate.MaxBufferSize);
    WireU16Le(Cursor, &Reply->u.Negotiate.MaxMpxCount);
    WireU16Le(Cursor, &Reply->u.Negotiate.MaxVcs);
    WireU16Le(Cursor, &Reply->u.Negotiate.RawMode);
    WireU32Le(Cursor, &Reply->u.Negotiate.SessionKey);
    WireU16Le(Cursor, &Reply->u.Negotiate.ServerTime);
    WireU16Le(Cursor, &Reply->u.Negotiate.ServerDate);
    WireU16Le(Cursor, &Reply->u.Negotiate.TimeZone);
    WireU16Le(Cursor, &Reply->u.Negotiate.KeyLength);
    WireU16Le(Cursor, &Reply->u.Negotiate.Reserved);
    At = SmbpBeginBytes(Cursor);
    if (NT_SUCCESS(Cursor->Status) && Reply->u.Negotiate.KeyLength > SMB_MAX_KEY)
        SmbpRefuse(Cursor);
    WireBytes(Cursor, Reply->u.Negotiate.Key, Reply->u.Negotiate.KeyLength);
    SmbpEndBytes(Cursor, At);
}

static VOID SmbpOpenAndXReply(PWIRE_CURSOR Cursor, PSMB_REPLY Reply)
{
    SmbpWordCount(Cursor, 15);
    SmbpAndX(Cursor, &Reply->u.OpenAndX.AndX);
    WireU16Le(Cursor, &Reply->u.OpenAndX.Fid);
    WireU16Le(Cursor, &Reply->u.OpenAndX.FileAttributes);
    WireU32Le(Cursor, &Reply->u.OpenAndX.LastWriteTime);
    WireU32Le(Cursor, &Reply->u.OpenAndX.DataSize);
    WireU16Le(Cursor, &Reply->u.OpenAndX.GrantedAccess);
    WireU16Le(Cursor, &Reply->u.OpenAndX.FileType);
    WireU16Le(Cursor, &Reply->u.OpenAndX.DeviceState);
    WireU16Le(Cursor, &Reply->u.OpenAndX.Action);
    WireU32Le(Cursor, &Reply->u.OpenAndX.ServerFid);
    WireU16Le(Cursor, &Reply->u.OpenAndX.Reserved);
    SmbpNoBytes(Cursor);
}

static VOID SmbpOpenReply(PWIRE_CURSOR Cursor, PSMB_REPLY Reply)
{
    SmbpWordCount(Cursor, 7);
    WireU16Le(Cursor, &Reply->u.Open.Fid);
    WireU16Le(Cursor, &Reply->u.Open.FileAttributes);
    WireU32Le(Cursor, &Reply->u.Open.LastWriteTime);
    WireU32Le(Cursor, &Reply->u.Open.FileSize);
    WireU16Le(Cursor, &Reply->u.Open.AccessMode);
    SmbpNoBytes(Cursor);
}

static VOID SmbpQueryInformationReply(PWIRE_CURSOR Cursor, PSMB_REPLY Reply)
{
    ULONG Index;

    SmbpWordCount(Cursor, 10);
    WireU16Le(Cursor, &Reply->u.QueryInformation.FileAttributes);
    WireU32Le(Cursor, &Reply->u.QueryInformation.LastWriteTime);
    WireU32Le(Cursor, &Reply->u.QueryInformation.FileSize);
    for (Index = 0; Index < SMB_RESERVED_WORDS; Index++)
        WireU16Le(Cursor, &Reply->u.QueryInformation.Reserved[Index]);
    SmbpNoBytes(Cursor);
}

/* READ's answer: 5 words, then the data as a block of Count bytes. */
static VOID SmbpReadReply(PWIRE_CURSOR Cursor, PSMB_REPLY Reply)
{
    ULONG At, Index;

    SmbpWordCount(Cursor, 5);
    WireU16Le(Cursor, &Reply->u.Read.Count);
    for (Index = 0; Index < ARRAYSIZE(Reply->u.Read.Reserved); Index++)
        WireU16Le(Cursor, &Reply->u.Read.Reserved[Index]);
    At = SmbpBeginBytes(Cursor);
    SmbpBlock(Cursor, SMB_FORMAT_DATA, &Reply->u.Read.Data, Reply->u.Read.Count);
    SmbpEndBytes(Cursor, At);
}

static VOID SmbpQueryDiskReply(PWIRE_CURSOR Cursor, PSMB_REPLY Reply)
{
    SmbpWordCount(Cursor, 5);
    WireU16Le(Cursor, &Reply->u.QueryDisk.TotalUnits);
    WireU16Le(Cursor, &Reply->u.QueryDisk.BlocksPerUnit);
    WireU16Le(Cursor, &Reply->u.QueryDisk.BlockSize);
    WireU16Le(Cursor, &Reply->u.QueryDisk.FreeUnits);
    WireU16Le(Cursor, &Reply->u.QueryDisk.Reserved);
    SmbpNoBytes(Cursor);
}

/* SEARCH's answer: the count, then a variable block of Count entries. */
static VOID SmbpSearchReply(PWIRE_CURSOR Cursor, PSMB_REPLY Reply)
{
    ULONG At;

    SmbpWordCount(Cursor, 1);
    WireU16Le(Cursor, &Reply->u.Search.Count);
    At = SmbpBeginBytes(Cursor);
    SmbpBlock(Cursor, SMB_FORMAT_VARIABLE, &Reply->u.Search.Data,
              (ULONG)Reply->u.Search.Count * SMB_DIRECTORY_ENTRY_LENGTH);
    SmbpEndBytes(Cursor, At);
}

/* One word of its own and no bytes: CREATE's Fid, WRITE's count. */
static VOID SmbpWordReply(PWIRE_CURSOR Cursor, PUSHORT Word)
{
    SmbpWordCount(Cursor, 1);
    WireU16Le(Cursor, Word);
    SmbpNoBytes(Cursor);
}

static VOID SmbpConnectReply(PWIRE_CURSOR Cursor, PSMB_REPLY Reply)
{
    ULONG At;

    SmbpWordCount(Cursor, 2);
    if (Reply->Header.Command == SMB_COM_TREE_CONNECT) {
        WireU16Le(Cursor, &Reply->u.TreeConnect.MaxBufferSize);
        WireU16Le(Cursor, &Reply->u.TreeConnect.Tid);
        SmbpNoBytes(Cursor);
        return;
    }
    SmbpAndX(Cursor, &Reply->u.TreeConnectAndX.AndX);
    At = SmbpBeginBytes(Cursor);
    SmbpString(Cursor, Reply->u.TreeConnectAndX.Service, SMB_MAX_NAME + 1);
    SmbpEndBytes(Cursor, At);
}

static VOID SmbpSessionSetupReply(PWIRE_CURSOR Cursor, PSMB_REPLY Reply)
{
    SmbpWordCount(Cursor, 3);
    SmbpAndX(Cursor, &Reply->u.SessionSetup.AndX);
    WireU16Le(Cursor, &Reply->u.SessionSetup.Action);
    SmbpNoBytes(Cursor);
}

/* A successful reply's words and bytes; FALSE for an unknown command. */
static BOOLEAN SmbpReplyBody(PWIRE_CURSOR Cursor, PSMB_REPLY Reply)
{
    switch (Reply->Header.Command) {
    case SMB_COM_NEGOTIATE: SmbpNegotiateReply(Cursor, Reply); break;
    case SMB_COM_SESSION_SETUP_ANDX: SmbpSessionSetupReply(Cursor, Reply); break;
    case SMB_COM_TREE_CONNECT:
    case SMB_COM_TREE_CONNECT_ANDX: SmbpConnectReply(Cursor, Reply); break;
    case SMB_COM_OPEN: SmbpOpenReply(Cursor, Reply); break;
    case SMB_COM_OPEN_ANDX: SmbpOpenAndXReply(Cursor, Reply); break;
    case SMB_COM_CREATE:
    case SMB_COM_CREATE_NEW: SmbpWordReply(Cursor, &Reply->u.Create.Fid); break;
    case SMB_COM_WRITE: SmbpWordReply(Cursor, &Reply->u.Write.Count); break;
    case SMB_COM_QUERY_INFORMATION: SmbpQueryInformationReply(Cursor, Reply); break;
    case SMB_COM_READ: SmbpReadReply(Cursor, Reply); break;
    case SMB_COM_QUERY_INFORMATION_DISK: SmbpQueryDiskReply(Cursor, Reply); break;
    case SMB_COM_SEARCH: SmbpSearchReply(Cursor, Reply); break;
    case SMB_COM_ECHO:
        SmbpEchoBody(Cursor, &Reply->u.Echo.SequenceNumber, &Reply->u.Echo.DataLength,
                     &Reply->u.Echo.Data);
        break;
    case SMB_COM_LOGOFF_ANDX: SmbpLogoff(Cursor, &Reply->u.Logoff.AndX); break;
    case SMB_COM_CLOSE:
    case SMB_COM_FLUSH:
    case SMB_COM_DELETE:
    case SMB_COM_RENAME:
    case SMB_COM_SET_INFORMATION:
    case SMB_COM_CREATE_DIRECTORY:
    case SMB_COM_DELETE_DIRECTORY:
    case SMB_COM_CHECK_DIRECTORY:
    case SMB_COM_TREE_DISCONNECT: SmbpEmpty(Cursor); break;
    default:
        return FALSE;
    }
    return TRUE;
}

/* The whole reply; an error carries no words and no bytes. */
static VOID SmbpReply(PWIRE_CURSOR Cursor, PSMB_REPLY Reply)
{
    SmbpHeader(Cursor, &Reply->Header);
    if (NT_SUCCESS(Cursor->Status) && !(Reply->Header.Flags & SMB_FLAGS_REPLY))
        SmbpRefuse(Cursor);
    if (!NT_SUCCESS(Cursor->Status))
        return;
    if (Reply->Header.ErrorClass != SMB_SUCCESS)
        SmbpEmpty(Cursor);
    else if (!SmbpReplyBody(Cursor, Reply))
        SmbpRefuse(Cursor);
}

NTSTATUS SmbEncodeReply(PUCHAR Buffer, ULONG Length, const SMB_REPLY *Reply,
                        PULONG Written)
{
    WIRE_CURSOR Cursor;
    SMB_REPLY Copy = *Reply;

    WireInitEncode(&Cursor, Buffer, Length);
    SmbpReply(&Cursor, &Copy);
    *Written = Cursor.Offset;
    return Cursor.Status;
}

NTSTATUS SmbDecodeReply(const UCHAR *Buffer, ULONG Length, PSMB_REPLY Reply)
{
    WIRE_CURSOR Cursor;

    memset(Reply, 0, sizeof(*Reply));
    WireInitDecode(&Cursor, Buffer, Length);
    SmbpReply(&Cursor, Reply);
    /* A chained reply answers a request irplab never sends. */
    if (Cursor.Status == STATUS_NOT_IMPLEMENTED)
        return STATUS_INVALID_NETWORK_RESPONSE;
    if (NT_SUCCESS(Cursor.Status) && Cursor.Offset != Cursor.Length)
        return STATUS_INVALID_NETWORK_RESPONSE;
    return Cursor.Status;
}

/* Only the header, request or reply: enough to match and to sequence. */
NTSTATUS SmbDecodeHeader(const UCHAR *Buffer, ULONG Length, PSMB_HEADER Header)
{
    WIRE_CURSOR Cursor;

    WireInitDecode(&Cursor, Buffer, Length);
    SmbpHeader(&Cursor, Header);
    return Cursor.Status;
}

static VOID SmbpDirectoryEntry(PWIRE_CURSOR Cursor, PSMB_DIRECTORY_ENTRY Entry)
{
    SmbpResumeKey(Cursor, &Entry->ResumeKey);
    WireU8(Cursor, &Entry->FileAttributes);
    WireU16Le(Cursor, &Entry->LastWriteTime);
    WireU16Le(Cursor, &Entry->LastWriteDate);
    WireU32Le(Cursor, &Entry->FileSize);
    SmbpFixedName(Cursor, Entry->FileName, SMB_ENTRY_NAME_LENGTH + 1);
}

/* One entry: exactly SMB_DIRECTORY_ENTRY_LENGTH bytes at Buffer. */
NTSTATUS SmbEncodeDirectoryEntry(PUCHAR Buffer, ULONG Length,
                                 const SMB_DIRECTORY_ENTRY *Entry)
{
    WIRE_CURSOR Cursor;
    SMB_DIRECTORY_ENTRY Copy = *Entry;

    WireInitEncode(&Cursor, Buffer, Length);
    SmbpDirectoryEntry(&Cursor, &Copy);
    return Cursor.Status;
}

NTSTATUS SmbDecodeDirectoryEntry(const UCHAR *Buffer, ULONG Length,
                                 PSMB_DIRECTORY_ENTRY Entry)
{
    WIRE_CURSOR Cursor;

    if (Length < SMB_DIRECTORY_ENTRY_LENGTH)
        return STATUS_INVALID_NETWORK_RESPONSE;
    WireInitDecode(&Cursor, Buffer, SMB_DIRECTORY_ENTRY_LENGTH);
    SmbpDirectoryEntry(&Cursor, Entry);
    return Cursor.Status;
}
