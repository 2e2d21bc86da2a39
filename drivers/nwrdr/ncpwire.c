/*
 * ncpwire.c - NCP requests and replies on the wire (interface and status
 * mapping in ncpwire.h).
 *
 * Each layout is one function of cursor calls that runs in both directions
 * (ipxwire.h), so a request the client encodes is, by construction, what
 * the server decodes. Decoders demand that a layout uses every byte it was
 * given: a packet longer than its function's layout, or a family length word
 * that disagrees with the bytes that arrived, is rejected, not skimmed.
 */
#include <string.h>

#include "drivers/ipx/ipxwire.h"
#include "drivers/nwrdr/ncpwire.h"

NTSTATUS NcpSetString(PNCP_STRING String, PCSTR Text)
{
    size_t Length = strlen(Text);

    if (Length > NCP_MAX_STRING)
        return STATUS_INVALID_PARAMETER;
    String->Length = (UCHAR)Length;
    memcpy(String->Text, Text, Length + 1);
    return STATUS_SUCCESS;
}

/* A length-prefixed string; Text has room for 255 bytes and the NUL. */
static VOID NcppString(PWIRE_CURSOR Cursor, PNCP_STRING String)
{
    WireU8(Cursor, &String->Length);
    WireBytes(Cursor, String->Text, String->Length);
    if (Cursor->Direction == WireDecode && NT_SUCCESS(Cursor->Status))
        String->Text[String->Length] = '\0';
}

/*
 * A fixed-width, NUL-padded name: at most Width - 1 characters, zeros after
 * them. Name has room for Width + 1 bytes.
 */
static VOID NcppFixedName(PWIRE_CURSOR Cursor, PCHAR Name, ULONG Width)
{
    CHAR Padded[NCP_SERVER_NAME_LENGTH + 1];
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

static VOID NcppRequestHeader(PWIRE_CURSOR Cursor, PNCP_REQUEST_HEADER Header)
{
    UCHAR Low = (UCHAR)Header->Connection;
    UCHAR High = (UCHAR)(Header->Connection >> 8);

    WireU16(Cursor, &Header->Type);
    WireU8(Cursor, &Header->Sequence);
    WireU8(Cursor, &Low);
    WireU8(Cursor, &Header->Task);
    WireU8(Cursor, &High);
    WireU8(Cursor, &Header->Function);
    Header->Connection = (USHORT)(Low | (High << 8));
}

static VOID NcppReplyHeader(PWIRE_CURSOR Cursor, PNCP_REPLY_HEADER Header)
{
    UCHAR Low = (UCHAR)Header->Connection;
    UCHAR High = (UCHAR)(Header->Connection >> 8);

    WireU16(Cursor, &Header->Type);
    WireU8(Cursor, &Header->Sequence);
    WireU8(Cursor, &Low);
    WireU8(Cursor, &Header->Task);
    WireU8(Cursor, &High);
    WireU8(Cursor, &Header->CompletionCode);
    WireU8(Cursor, &Header->ConnectionStatus);
    Header->Connection = (USHORT)(Low | (High << 8));
}

/*
 * 0x16/x bodies after the subfunction byte (offsets from the packet's
 * start, as Wireshark's NCP dissector reads them):
 *   0x0A Create Directory  @10 dir handle, @11 access rights mask, @12 path
 *   0x0B Delete Directory  @10 dir handle, @11 reserved, @12 path
 */
static BOOLEAN NcppDirectoryBody(PWIRE_CURSOR Cursor, PNCP_REQUEST Request)
{
    switch (Request->SubFunction) {
    case NCP_GET_VOLUME_NUMBER:
        NcppString(Cursor, &Request->u.VolumeNumber.Name);
        return TRUE;
    case NCP_CREATE_DIRECTORY:
    case NCP_DELETE_DIRECTORY:
        WireU8(Cursor, &Request->u.Directory.DirHandle);
        WireU8(Cursor, &Request->u.Directory.Mask);
        NcppString(Cursor, &Request->u.Directory.Path);
        return TRUE;
    case NCP_ALLOC_PERMANENT_DIR:
    case NCP_ALLOC_TEMPORARY_DIR:
        WireU8(Cursor, &Request->u.AllocDir.Source);
        WireU8(Cursor, &Request->u.AllocDir.DriveLetter);
        NcppString(Cursor, &Request->u.AllocDir.Path);
        return TRUE;
    case NCP_DEALLOC_DIR:
        WireU8(Cursor, &Request->u.DeallocDir.Handle);
        return TRUE;
    }
    return FALSE;
}

/*
 * 0x17/x bodies after the subfunction byte:
 *   0x0F Scan File Information  @10 sequence (2; 0xFFFF first), @12 dir
 *        handle, @13 search attributes, @14 name (may hold wildcards)
 *   0x18 Keyed Object Login     @10 the 8-byte answer, @18 object type (2),
 *        @20 name
 *   0x35 Get Bindery Object ID  @10 object type (2), @12 name
 *   0xD2 Clear Connection Number  @10 the connection (1: NetWare 3.x's
 *        numbers; 0x17/0xFE is the 4-byte call of later servers)
 */
static BOOLEAN NcppConnectionBody(PWIRE_CURSOR Cursor, PNCP_REQUEST Request)
{
    switch (Request->SubFunction) {
    case NCP_SCAN_FILE_INFO:
        WireU16(Cursor, &Request->u.ScanFile.Sequence);
        WireU8(Cursor, &Request->u.ScanFile.DirHandle);
        WireU8(Cursor, &Request->u.ScanFile.SearchAttributes);
        NcppString(Cursor, &Request->u.ScanFile.Name);
        return TRUE;
    case NCP_GET_SERVER_INFO:
    case NCP_GET_LOGIN_KEY:
        return TRUE;
    case NCP_LOGIN_OBJECT:
        WireU16(Cursor, &Request->u.Login.ObjectType);
        NcppString(Cursor, &Request->u.Login.Name);
        NcppString(Cursor, &Request->u.Login.Password);
        return TRUE;
    case NCP_KEYED_LOGIN:
        WireBytes(Cursor, Request->u.KeyedLogin.Key, NCP_LOGIN_KEY_LENGTH);
        WireU16(Cursor, &Request->u.KeyedLogin.ObjectType);
        NcppString(Cursor, &Request->u.KeyedLogin.Name);
        return TRUE;
    case NCP_GET_OBJECT_ID:
        WireU16(Cursor, &Request->u.Object.ObjectType);
        NcppString(Cursor, &Request->u.Object.Name);
        return TRUE;
    case NCP_CLEAR_CONNECTION:
        WireU8(Cursor, &Request->u.Clear.Number);
        return TRUE;
    }
    return FALSE;
}

/*
 * The family framing: a length word (subfunction and data) that must match
 * the bytes that follow it exactly. Encode writes it after the body is known.
 */
static BOOLEAN NcppFamily(PWIRE_CURSOR Cursor, PNCP_REQUEST Request)
{
    ULONG LengthAt = Cursor->Offset;
    USHORT SubLength = 0;
    BOOLEAN Known;

    WireU16(Cursor, &SubLength);
    if (Cursor->Direction == WireDecode && NT_SUCCESS(Cursor->Status) &&
        (SubLength == 0 || SubLength != Cursor->Length - Cursor->Offset)) {
        WireFail(Cursor, STATUS_INVALID_NETWORK_RESPONSE);
        return TRUE;
    }
    WireU8(Cursor, &Request->SubFunction);
    Known = Request->Header.Function == NCP_DIRECTORY_SERVICES
                ? NcppDirectoryBody(Cursor, Request)
                : NcppConnectionBody(Cursor, Request);
    if (Cursor->Direction == WireEncode && NT_SUCCESS(Cursor->Status)) {
        SubLength = (USHORT)(Cursor->Offset - LengthAt - 2);
        Cursor->Buffer[LengthAt] = (UCHAR)(SubLength >> 8);
        Cursor->Buffer[LengthAt + 1] = (UCHAR)SubLength;
    }
    return Known;
}

static VOID NcppFileIo(PWIRE_CURSOR Cursor, PNCP_REQUEST Request)
{
    WireU8(Cursor, &Request->u.Io.Reserved);
    WireBytes(Cursor, Request->u.Io.Handle, NCP_FILE_HANDLE_LENGTH);
    WireU32(Cursor, &Request->u.Io.Offset);
    WireU16(Cursor, &Request->u.Io.Count);
    if (Request->Header.Function == NCP_WRITE_FILE)
        WireData(Cursor, &Request->u.Io.Data, Request->u.Io.Count);
}

/* 0x2222 bodies; FALSE for a function this codec does not know. */
static BOOLEAN NcppRequestBody(PWIRE_CURSOR Cursor, PNCP_REQUEST Request)
{
    switch (Request->Header.Function) {
    case NCP_DIRECTORY_SERVICES:
    case NCP_CONNECTION_SERVICES:
        return NcppFamily(Cursor, Request);
    case NCP_GET_VOLUME_INFO:
        WireU8(Cursor, &Request->u.VolumeInfo.Volume);
        return TRUE;
    case NCP_END_OF_JOB:
    case NCP_LOGOUT:
        return TRUE;
    case NCP_NEGOTIATE_BUFFER:
        WireU16(Cursor, &Request->u.Negotiate.BufferSize);
        return TRUE;
    case NCP_FILE_SEARCH_INIT:
        WireU8(Cursor, &Request->u.SearchInit.DirHandle);
        NcppString(Cursor, &Request->u.SearchInit.Path);
        return TRUE;
    case NCP_FILE_SEARCH_CONTINUE:
        WireU8(Cursor, &Request->u.SearchContinue.Volume);
        WireU16(Cursor, &Request->u.SearchContinue.DirectoryId);
        WireU16(Cursor, &Request->u.SearchContinue.Sequence);
        WireU8(Cursor, &Request->u.SearchContinue.SearchAttributes);
        NcppString(Cursor, &Request->u.SearchContinue.Pattern);
        return TRUE;
    case NCP_OPEN_FILE_OLD:
    case NCP_OPEN_FILE:
    case NCP_ERASE_FILE:
        WireU8(Cursor, &Request->u.Open.DirHandle);
        WireU8(Cursor, &Request->u.Open.SearchAttributes);
        if (Request->Header.Function == NCP_OPEN_FILE)
            WireU8(Cursor, &Request->u.Open.AccessRights);
        NcppString(Cursor, &Request->u.Open.Name);
        return TRUE;
    case NCP_CREATE_FILE:
    case NCP_CREATE_NEW_FILE:
        WireU8(Cursor, &Request->u.Create.DirHandle);
        WireU8(Cursor, &Request->u.Create.Attributes);
        NcppString(Cursor, &Request->u.Create.Name);
        return TRUE;
    case NCP_RENAME_FILE:       /* @7 handle, @8 search attributes, name, new handle, name */
        WireU8(Cursor, &Request->u.Rename.DirHandle);
        WireU8(Cursor, &Request->u.Rename.SearchAttributes);
        NcppString(Cursor, &Request->u.Rename.Name);
        WireU8(Cursor, &Request->u.Rename.NewDirHandle);
        NcppString(Cursor, &Request->u.Rename.NewName);
        return TRUE;
    case NCP_COMMIT_FILE:
    case NCP_CLOSE_FILE:
    case NCP_GET_FILE_SIZE:
        WireU8(Cursor, &Request->u.File.Reserved);
        WireBytes(Cursor, Request->u.File.Handle, NCP_FILE_HANDLE_LENGTH);
        return TRUE;
    case NCP_READ_FILE:
    case NCP_WRITE_FILE:
        NcppFileIo(Cursor, Request);
        return TRUE;
    }
    return FALSE;
}

/*
 * irplab's create request may carry a 4-byte epoch after the header so that
 * ncpserv can refuse connections made before its last reset.
 */
static VOID NcppConnect(PWIRE_CURSOR Cursor, PNCP_REQUEST Request)
{
    if (Cursor->Direction == WireDecode)
        Request->u.Connect.Present = Cursor->Length - Cursor->Offset == 4;
    if (Request->u.Connect.Present)
        WireU32(Cursor, &Request->u.Connect.Epoch);
}

/* The whole request in either direction; FALSE if the function is unknown. */
static BOOLEAN NcppRequest(PWIRE_CURSOR Cursor, PNCP_REQUEST Request)
{
    NcppRequestHeader(Cursor, &Request->Header);
    if (!NT_SUCCESS(Cursor->Status))
        return TRUE;
    switch (Request->Header.Type) {
    case NCP_TYPE_CREATE:
        NcppConnect(Cursor, Request);
        return TRUE;
    case NCP_TYPE_DESTROY:
        return TRUE;
    case NCP_TYPE_REQUEST:
        return NcppRequestBody(Cursor, Request);
    case NCP_TYPE_BURST:
        return FALSE;
    }
    WireFail(Cursor, Cursor->Direction == WireEncode
                         ? STATUS_INVALID_PARAMETER
                         : STATUS_INVALID_NETWORK_RESPONSE);
    return TRUE;
}

NTSTATUS NcpEncodeRequest(PUCHAR Buffer, ULONG Length,
                          const NCP_REQUEST *Request, PULONG Written)
{
    WIRE_CURSOR Cursor;
    NCP_REQUEST Copy = *Request;

    WireInitEncode(&Cursor, Buffer, Length);
    if (!NcppRequest(&Cursor, &Copy))
        return STATUS_INVALID_PARAMETER;
    *Written = Cursor.Offset;
    return Cursor.Status;
}

NTSTATUS NcpDecodeRequest(const UCHAR *Buffer, ULONG Length,
                          PNCP_REQUEST Request)
{
    WIRE_CURSOR Cursor;
    BOOLEAN Known;

    memset(Request, 0, sizeof(*Request));
    WireInitDecode(&Cursor, Buffer, Length);
    Known = NcppRequest(&Cursor, Request);
    if (!NT_SUCCESS(Cursor.Status))
        return Cursor.Status;
    if (!Known)
        return STATUS_NOT_IMPLEMENTED;
    if (Cursor.Offset != Cursor.Length)
        return STATUS_INVALID_NETWORK_RESPONSE;
    return STATUS_SUCCESS;
}

static VOID NcppServerInfo(PWIRE_CURSOR Cursor, PNCP_SERVER_INFO Info)
{
    ULONG Start = Cursor->Offset;

    NcppFixedName(Cursor, Info->ServerName, NCP_SERVER_NAME_LENGTH);
    WireU8(Cursor, &Info->OsMajor);
    WireU8(Cursor, &Info->OsMinor);
    WireU16(Cursor, &Info->MaxConnections);
    WireU16(Cursor, &Info->ConnectionsInUse);
    WireU16(Cursor, &Info->MaxVolumes);
    WireU8(Cursor, &Info->OsRevision);
    WireU8(Cursor, &Info->SftLevel);
    WireU8(Cursor, &Info->TtsLevel);
    WireU16(Cursor, &Info->PeakConnections);
    WireBytes(Cursor, Info->Rest, NCP_SERVER_INFO_REST);
    if (NT_SUCCESS(Cursor->Status) && Cursor->Offset - Start != NCP_SERVER_INFO_LENGTH)
        WireFail(Cursor, STATUS_INVALID_PARAMETER);
}

static VOID NcppVolumeInfo(PWIRE_CURSOR Cursor, PNCP_VOLUME_INFO Info)
{
    WireU16(Cursor, &Info->SectorsPerCluster);
    WireU16(Cursor, &Info->TotalClusters);
    WireU16(Cursor, &Info->FreeClusters);
    WireU16(Cursor, &Info->TotalDirSlots);
    WireU16(Cursor, &Info->FreeDirSlots);
    NcppFixedName(Cursor, Info->Name, NCP_VOLUME_NAME_LENGTH);
    WireU16(Cursor, &Info->Removable);
}

static VOID NcppFileInfo(PWIRE_CURSOR Cursor, PNCP_FILE_INFO Info)
{
    WireBytes(Cursor, Info->Handle, NCP_FILE_HANDLE_LENGTH);
    WireU16(Cursor, &Info->Reserved);
    NcppFixedName(Cursor, Info->Name, NCP_FILE_NAME_LENGTH);
    WireU8(Cursor, &Info->Attributes);
    WireU8(Cursor, &Info->ExecuteType);
    WireU32(Cursor, &Info->Size);
    WireU16(Cursor, &Info->CreationDate);
    WireU16(Cursor, &Info->AccessDate);
    WireU16(Cursor, &Info->UpdateDate);
    WireU16(Cursor, &Info->UpdateTime);
}

/*
 * 0x17/0x0F's answer: @8 sequence (2), @10 name (14), @24 attributes,
 * @25 extended attributes, @26 size (4), @30 creation, @32 access, @34
 * update date, @36 update time, @38 owner's object ID (4), @42 archive
 * date, @44 archive time, @46 56 reserved bytes (94 in all).
 */
static VOID NcppFileEntry(PWIRE_CURSOR Cursor, PNCP_FILE_ENTRY Entry)
{
    WireU16(Cursor, &Entry->Sequence);
    NcppFixedName(Cursor, Entry->Name, NCP_FILE_NAME_LENGTH);
    WireU8(Cursor, &Entry->Attributes);
    WireU8(Cursor, &Entry->ExtendedAttributes);
    WireU32(Cursor, &Entry->Size);
    WireU16(Cursor, &Entry->CreationDate);
    WireU16(Cursor, &Entry->AccessDate);
    WireU16(Cursor, &Entry->UpdateDate);
    WireU16(Cursor, &Entry->UpdateTime);
    WireU32(Cursor, &Entry->Owner);
    WireU16(Cursor, &Entry->ArchiveDate);
    WireU16(Cursor, &Entry->ArchiveTime);
    WireBytes(Cursor, Entry->Reserved, NCP_SCAN_RESERVED);
}

/* Files and directories come back in different shapes (ncpwire.h). */
static VOID NcppSearchEntry(PWIRE_CURSOR Cursor, PNCP_SEARCH_ENTRY Entry,
                            BOOLEAN Directories)
{
    USHORT Stamp = NCP_DIRECTORY_STAMP;

    WireU16(Cursor, &Entry->Sequence);
    WireU16(Cursor, &Entry->DirectoryId);
    NcppFixedName(Cursor, Entry->Name, NCP_FILE_NAME_LENGTH);
    WireU8(Cursor, &Entry->Attributes);
    if (Directories) {
        WireU8(Cursor, &Entry->Rights);
        WireU16(Cursor, &Entry->CreationDate);
        WireU16(Cursor, &Entry->CreationTime);
        WireU32(Cursor, &Entry->Owner);
        WireU16(Cursor, &Entry->Reserved);
        WireU16(Cursor, &Stamp);
        if (NT_SUCCESS(Cursor->Status) && Stamp != NCP_DIRECTORY_STAMP)
            WireFail(Cursor, STATUS_INVALID_NETWORK_RESPONSE);
        return;
    }
    WireU8(Cursor, &Entry->Mode);
    WireU32(Cursor, &Entry->Size);
    WireU16(Cursor, &Entry->CreationDate);
    WireU16(Cursor, &Entry->AccessDate);
    WireU16(Cursor, &Entry->UpdateDate);
    WireU16(Cursor, &Entry->UpdateTime);
}

/*
 * A read reply: the count, one pad byte when the file offset was odd (so
 * that the data keeps the file's word alignment), the data.
 */
static VOID NcppReadReply(PWIRE_CURSOR Cursor, const NCP_REQUEST *Request,
                          PNCP_REPLY Reply)
{
    WireU16(Cursor, &Reply->u.Read.Count);
    if (NT_SUCCESS(Cursor->Status) && Reply->u.Read.Count > Request->u.Io.Count) {
        WireFail(Cursor, Cursor->Direction == WireDecode ? STATUS_INVALID_NETWORK_RESPONSE
                                                         : STATUS_INVALID_PARAMETER);
        return;
    }
    if (Request->u.Io.Offset & 1)
        WireU8(Cursor, &Reply->u.Read.Pad);
    WireData(Cursor, &Reply->u.Read.Data, Reply->u.Read.Count);
}

static VOID NcppFamilyReply(PWIRE_CURSOR Cursor, const NCP_REQUEST *Request,
                            PNCP_REPLY Reply)
{
    USHORT Code = (USHORT)(Request->Header.Function << 8 | Request->SubFunction);

    switch (Code) {
    case NCP_DIRECTORY_SERVICES << 8 | NCP_GET_VOLUME_NUMBER:
        WireU8(Cursor, &Reply->u.VolumeNumber.Volume);
        break;
    case NCP_DIRECTORY_SERVICES << 8 | NCP_ALLOC_PERMANENT_DIR:
    case NCP_DIRECTORY_SERVICES << 8 | NCP_ALLOC_TEMPORARY_DIR:
        WireU8(Cursor, &Reply->u.AllocDir.Handle);
        WireU8(Cursor, &Reply->u.AllocDir.Rights);
        break;
    case NCP_CONNECTION_SERVICES << 8 | NCP_GET_SERVER_INFO:
        NcppServerInfo(Cursor, &Reply->u.ServerInfo);
        break;
    case NCP_CONNECTION_SERVICES << 8 | NCP_GET_LOGIN_KEY:
        WireBytes(Cursor, Reply->u.LoginKey.Key, NCP_LOGIN_KEY_LENGTH);
        break;
    case NCP_CONNECTION_SERVICES << 8 | NCP_GET_OBJECT_ID:
        /* @8 object ID (4, big-endian), @12 type (2), @14 name (48). */
        WireU32(Cursor, &Reply->u.Object.ObjectId);
        WireU16(Cursor, &Reply->u.Object.ObjectType);
        NcppFixedName(Cursor, Reply->u.Object.Name, NCP_OBJECT_NAME_LENGTH);
        break;
    case NCP_CONNECTION_SERVICES << 8 | NCP_SCAN_FILE_INFO:
        NcppFileEntry(Cursor, &Reply->u.FileEntry);
        break;
    }
}

/* The data of a successful reply; nothing for functions that return none. */
static VOID NcppReplyBody(PWIRE_CURSOR Cursor, const NCP_REQUEST *Request,
                          PNCP_REPLY Reply)
{
    if (Request->Header.Type != NCP_TYPE_REQUEST)
        return;
    switch (Request->Header.Function) {
    case NCP_DIRECTORY_SERVICES:
    case NCP_CONNECTION_SERVICES:
        NcppFamilyReply(Cursor, Request, Reply);
        break;
    case NCP_GET_VOLUME_INFO:
        NcppVolumeInfo(Cursor, &Reply->u.VolumeInfo);
        break;
    case NCP_NEGOTIATE_BUFFER:
        WireU16(Cursor, &Reply->u.Negotiate.BufferSize);
        break;
    case NCP_FILE_SEARCH_INIT:
        WireU8(Cursor, &Reply->u.SearchInit.Volume);
        WireU16(Cursor, &Reply->u.SearchInit.DirectoryId);
        WireU16(Cursor, &Reply->u.SearchInit.Sequence);
        WireU8(Cursor, &Reply->u.SearchInit.Rights);
        break;
    case NCP_FILE_SEARCH_CONTINUE:
        NcppSearchEntry(Cursor, &Reply->u.SearchEntry,
                        (Request->u.SearchContinue.SearchAttributes &
                         NCP_ATTR_DIRECTORY) != 0);
        break;
    case NCP_OPEN_FILE_OLD:
    case NCP_OPEN_FILE:
    case NCP_CREATE_FILE:
    case NCP_CREATE_NEW_FILE:
        NcppFileInfo(Cursor, &Reply->u.File);
        break;
    case NCP_GET_FILE_SIZE:
        WireU32(Cursor, &Reply->u.FileSize.Size);
        break;
    case NCP_READ_FILE:
        NcppReadReply(Cursor, Request, Reply);
        break;
    }
}

static BOOLEAN NcppReplyType(USHORT Type)
{
    return Type == NCP_TYPE_REPLY || Type == NCP_TYPE_BUSY;
}

NTSTATUS NcpEncodeReply(PUCHAR Buffer, ULONG Length,
                        const NCP_REQUEST *Request, const NCP_REPLY *Reply,
                        PULONG Written)
{
    WIRE_CURSOR Cursor;
    NCP_REPLY Copy = *Reply;

    if (!NcppReplyType(Copy.Header.Type))
        return STATUS_INVALID_PARAMETER;
    WireInitEncode(&Cursor, Buffer, Length);
    NcppReplyHeader(&Cursor, &Copy.Header);
    if (Copy.Header.CompletionCode == NCP_OK &&
        Copy.Header.Type == NCP_TYPE_REPLY)
        NcppReplyBody(&Cursor, Request, &Copy);
    *Written = Cursor.Offset;
    return Cursor.Status;
}

NTSTATUS NcpDecodeReply(const UCHAR *Buffer, ULONG Length,
                        const NCP_REQUEST *Request, PNCP_REPLY Reply)
{
    WIRE_CURSOR Cursor;

    memset(Reply, 0, sizeof(*Reply));
    WireInitDecode(&Cursor, Buffer, Length);
    NcppReplyHeader(&Cursor, &Reply->Header);
    if (NT_SUCCESS(Cursor.Status) && !NcppReplyType(Reply->Header.Type))
        return STATUS_INVALID_NETWORK_RESPONSE;
    if (Reply->Header.CompletionCode == NCP_OK &&
        Reply->Header.Type == NCP_TYPE_REPLY)
        NcppReplyBody(&Cursor, Request, Reply);
    if (NT_SUCCESS(Cursor.Status) && Cursor.Offset != Cursor.Length)
        return STATUS_INVALID_NETWORK_RESPONSE;
    return Cursor.Status;
}

NTSTATUS NcpEncodeReplyHeader(PUCHAR Buffer, ULONG Length,
                              const NCP_REPLY_HEADER *Header, PULONG Written)
{
    WIRE_CURSOR Cursor;
    NCP_REPLY_HEADER Copy = *Header;

    if (!NcppReplyType(Copy.Type))
        return STATUS_INVALID_PARAMETER;
    WireInitEncode(&Cursor, Buffer, Length);
    NcppReplyHeader(&Cursor, &Copy);
    *Written = Cursor.Offset;
    return Cursor.Status;
}

/* Only the header: enough to match a reply to its request before decoding. */
NTSTATUS NcpDecodeReplyHeader(const UCHAR *Buffer, ULONG Length,
                              PNCP_REPLY_HEADER Header)
{
    WIRE_CURSOR Cursor;

    WireInitDecode(&Cursor, Buffer, Length);
    NcppReplyHeader(&Cursor, Header);
    if (NT_SUCCESS(Cursor.Status) && !NcppReplyType(Header->Type))
        return STATUS_INVALID_NETWORK_RESPONSE;
    return Cursor.Status;
}

static VOID NcppControl(PWIRE_CURSOR Cursor, PNCP_CONTROL Control)
{
    ULONG Magic = NCP_CONTROL_MAGIC;

    WireU32(Cursor, &Magic);
    WireU8(Cursor, &Control->Operation);
    WireU8(Cursor, &Control->Result);
    WireU32(Cursor, &Control->Epoch);
    WireBytes(Cursor, Control->Key, NCP_CONTROL_KEY_LENGTH);
    if (NT_SUCCESS(Cursor->Status) && Magic != NCP_CONTROL_MAGIC)
        WireFail(Cursor, STATUS_INVALID_NETWORK_RESPONSE);
}

NTSTATUS NcpEncodeControl(PUCHAR Buffer, ULONG Length,
                          const NCP_CONTROL *Control, PULONG Written)
{
    WIRE_CURSOR Cursor;
    NCP_CONTROL Copy = *Control;

    WireInitEncode(&Cursor, Buffer, Length);
    NcppControl(&Cursor, &Copy);
    *Written = Cursor.Offset;
    return Cursor.Status;
}

NTSTATUS NcpDecodeControl(const UCHAR *Buffer, ULONG Length,
                          PNCP_CONTROL Control)
{
    WIRE_CURSOR Cursor;

    if (Length != NCP_CONTROL_LENGTH)
        return STATUS_INVALID_NETWORK_RESPONSE;
    WireInitDecode(&Cursor, Buffer, Length);
    NcppControl(&Cursor, Control);
    return Cursor.Status;
}
