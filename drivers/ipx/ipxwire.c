/*
 * ipxwire.c - IPX's four Ethernet framings, IPX, SAP and RIP on the wire
 * (see ipxwire.h for the interface, the framings and the status mapping).
 *
 * Layouts are described once, as cursor calls on a structure, and run in
 * either direction; the exported encode/decode pairs are thin wrappers. The
 * decoders trust nothing: every length that arrives on the wire is checked
 * against the bytes that really arrived before it is used.
 */
#include <string.h>

#include "drivers/ipx/ipxwire.h"

VOID WireInitEncode(PWIRE_CURSOR Cursor, PUCHAR Buffer, ULONG Length)
{
    Cursor->Buffer = Buffer;
    Cursor->Length = Buffer ? Length : 0;
    Cursor->Offset = 0;
    Cursor->Direction = WireEncode;
    Cursor->Status = STATUS_SUCCESS;
}

VOID WireInitDecode(PWIRE_CURSOR Cursor, const UCHAR *Buffer, ULONG Length)
{
    /* Decode mode only reads through Buffer; the cast keeps one type. */
    Cursor->Buffer = (PUCHAR)Buffer;
    Cursor->Length = Buffer ? Length : 0;
    Cursor->Offset = 0;
    Cursor->Direction = WireDecode;
    Cursor->Status = STATUS_SUCCESS;
}

VOID WireFail(PWIRE_CURSOR Cursor, NTSTATUS Status)
{
    if (NT_SUCCESS(Cursor->Status))
        Cursor->Status = Status;
}

/*
 * Claims Count bytes at the cursor and returns them, or fails the cursor:
 * short output is the caller's buffer, short input is the wire's fault.
 */
static PUCHAR WirepTake(PWIRE_CURSOR Cursor, ULONG Count)
{
    PUCHAR Bytes;

    if (!NT_SUCCESS(Cursor->Status))
        return NULL;
    if (Count > Cursor->Length - Cursor->Offset) {
        WireFail(Cursor, Cursor->Direction == WireEncode
                             ? STATUS_BUFFER_TOO_SMALL
                             : STATUS_INVALID_NETWORK_RESPONSE);
        return NULL;
    }
    Bytes = Cursor->Buffer + Cursor->Offset;
    Cursor->Offset += Count;
    return Bytes;
}

VOID WireU8(PWIRE_CURSOR Cursor, PUCHAR Value)
{
    PUCHAR Bytes = WirepTake(Cursor, 1);

    if (!Bytes)
        return;
    if (Cursor->Direction == WireEncode)
        Bytes[0] = *Value;
    else
        *Value = Bytes[0];
}

VOID WireU16(PWIRE_CURSOR Cursor, PUSHORT Value)
{
    PUCHAR Bytes = WirepTake(Cursor, 2);

    if (!Bytes)
        return;
    if (Cursor->Direction == WireEncode) {
        Bytes[0] = (UCHAR)(*Value >> 8);
        Bytes[1] = (UCHAR)*Value;
    } else {
        *Value = (USHORT)((Bytes[0] << 8) | Bytes[1]);
    }
}

VOID WireU32(PWIRE_CURSOR Cursor, PULONG Value)
{
    PUCHAR Bytes = WirepTake(Cursor, 4);

    if (!Bytes)
        return;
    if (Cursor->Direction == WireEncode) {
        Bytes[0] = (UCHAR)(*Value >> 24);
        Bytes[1] = (UCHAR)(*Value >> 16);
        Bytes[2] = (UCHAR)(*Value >> 8);
        Bytes[3] = (UCHAR)*Value;
    } else {
        *Value = ((ULONG)Bytes[0] << 24) | ((ULONG)Bytes[1] << 16) |
                 ((ULONG)Bytes[2] << 8) | Bytes[3];
    }
}

/* SMB's order: least significant byte first. */
VOID WireU16Le(PWIRE_CURSOR Cursor, PUSHORT Value)
{
    PUCHAR Bytes = WirepTake(Cursor, 2);

    if (!Bytes)
        return;
    if (Cursor->Direction == WireEncode) {
        Bytes[0] = (UCHAR)*Value;
        Bytes[1] = (UCHAR)(*Value >> 8);
    } else {
        *Value = (USHORT)(Bytes[0] | (Bytes[1] << 8));
    }
}

VOID WireU32Le(PWIRE_CURSOR Cursor, PULONG Value)
{
    PUCHAR Bytes = WirepTake(Cursor, 4);

    if (!Bytes)
        return;
    if (Cursor->Direction == WireEncode) {
        Bytes[0] = (UCHAR)*Value;
        Bytes[1] = (UCHAR)(*Value >> 8);
        Bytes[2] = (UCHAR)(*Value >> 16);
        Bytes[3] = (UCHAR)(*Value >> 24);
    } else {
        *Value = Bytes[0] | ((ULONG)Bytes[1] << 8) | ((ULONG)Bytes[2] << 16) |
                 ((ULONG)Bytes[3] << 24);
    }
}

VOID WireBytes(PWIRE_CURSOR Cursor, PVOID Bytes, ULONG Count)
{
    PUCHAR Wire = WirepTake(Cursor, Count);

    if (!Wire || Count == 0)
        return;
    if (Cursor->Direction == WireEncode)
        memcpy(Wire, Bytes, Count);
    else
        memcpy(Bytes, Wire, Count);
}

VOID WireData(PWIRE_CURSOR Cursor, const UCHAR **Data, ULONG Count)
{
    PUCHAR Wire = WirepTake(Cursor, Count);

    if (!Wire)
        return;
    if (Cursor->Direction == WireDecode)
        *Data = Wire;
    else if (Count != 0)
        memcpy(Wire, *Data, Count);
}

VOID WireAddress(PWIRE_CURSOR Cursor, PIPX_ADDRESS Address)
{
    WireU32(Cursor, &Address->Network);
    WireBytes(Cursor, Address->Node, ETH_ADDRESS_LENGTH);
    WireU16(Cursor, &Address->Socket);
}

BOOLEAN WireIsNulPadded(const CHAR *Name, ULONG Width)
{
    ULONG Index = 0;

    while (Index < Width && Name[Index] != '\0')
        Index++;
    if (Index == Width)
        return FALSE;
    while (Index < Width && Name[Index] == '\0')
        Index++;
    return Index == Width;
}

/* What follows an 802.3 length field before IPX, by framing (raw: nothing). */
static const UCHAR EthpLlc[LLC_HEADER_LENGTH] = { 0xE0, 0xE0, 0x03 };
static const UCHAR EthpSnap[SNAP_HEADER_LENGTH] = { 0xAA, 0xAA, 0x03, 0x00, 0x00, 0x00,
                                                    ETH_TYPE_IPX >> 8, ETH_TYPE_IPX & 0xFF };

static const UCHAR *EthpLlcBytes(IPX_FRAME_TYPE Frame, PULONG Count)
{
    *Count = Frame == IpxFrame8022 ? sizeof(EthpLlc) : Frame == IpxFrameSnap ? sizeof(EthpSnap) : 0;
    return Frame == IpxFrameSnap ? EthpSnap : EthpLlc;
}

PCSTR IpxFrameName(IPX_FRAME_TYPE Frame)
{
    static const PCSTR Names[] = { "ethernet_ii", "802.3", "802.2", "snap" };

    return (ULONG)Frame < IpxFrameTypeCount ? Names[Frame] : "none";
}

ULONG IpxFrameHeaderLength(IPX_FRAME_TYPE Frame)
{
    ULONG Llc;

    if ((ULONG)Frame >= IpxFrameTypeCount)
        return 0;
    EthpLlcBytes(Frame, &Llc);
    return ETH_HEADER_LENGTH + Llc;
}

ULONG IpxMaxData(IPX_FRAME_TYPE Frame)
{
    if ((ULONG)Frame >= IpxFrameTypeCount)
        return 0;
    return ETH_MAX_FRAME - IpxFrameHeaderLength(Frame) - IPX_HEADER_LENGTH;
}

/* Does Frame hold Count bytes of Bytes at Offset? */
static BOOLEAN EthpHas(const UCHAR *Frame, ULONG Length, ULONG Offset, const UCHAR *Bytes,
                       ULONG Count)
{
    return Length >= Offset + Count && memcmp(Frame + Offset, Bytes, Count) == 0;
}

IPX_FRAME_TYPE IpxFrameTypeOf(const UCHAR *Frame, ULONG Length)
{
    static const UCHAR Raw[2] = { 0xFF, 0xFF };     /* IPX's checksum: none */
    USHORT TypeOrLength;

    if (Frame == NULL || Length < ETH_HEADER_LENGTH)
        return IpxFrameNone;
    TypeOrLength = (USHORT)(Frame[12] << 8 | Frame[13]);
    if (TypeOrLength == ETH_TYPE_IPX)
        return IpxFrameEthernetII;
    if (TypeOrLength > ETH_MAX_LENGTH)
        return IpxFrameNone;
    if (EthpHas(Frame, Length, ETH_HEADER_LENGTH, Raw, sizeof(Raw)))
        return IpxFrame8023;
    if (EthpHas(Frame, Length, ETH_HEADER_LENGTH, EthpLlc, sizeof(EthpLlc)))
        return IpxFrame8022;
    if (EthpHas(Frame, Length, ETH_HEADER_LENGTH, EthpSnap, sizeof(EthpSnap)))
        return IpxFrameSnap;
    return IpxFrameNone;
}

/*
 * The link header for Header->Frame: addresses, type or length, then LLC
 * (and SNAP) bytes that are constants of the framing. Decode leaves the
 * LLC bytes in Llc for the caller to compare.
 */
static VOID EthpLayout(PWIRE_CURSOR Cursor, PETH_HEADER Header, PUCHAR Llc)
{
    USHORT TypeOrLength = 0;
    ULONG Count;

    if (Cursor->Direction == WireEncode)
        TypeOrLength = Header->Frame == IpxFrameEthernetII ? ETH_TYPE_IPX : Header->Length;
    EthpLlcBytes(Header->Frame, &Count);
    WireBytes(Cursor, Header->Destination, ETH_ADDRESS_LENGTH);
    WireBytes(Cursor, Header->Source, ETH_ADDRESS_LENGTH);
    WireU16(Cursor, &TypeOrLength);
    WireBytes(Cursor, Llc, Count);
    if (Cursor->Direction == WireDecode)
        Header->Length = Header->Frame == IpxFrameEthernetII ? 0 : TypeOrLength;
}

/* Ethernet II carries no length; an 802.3 length holds LLC/SNAP (Count
   bytes) and an IPX header, and is a length (at most 1500). */
static BOOLEAN EthpLengthValid(const ETH_HEADER *Header, ULONG Count)
{
    if (Header->Frame == IpxFrameEthernetII)
        return Header->Length == 0;
    return Header->Length <= ETH_MAX_LENGTH && Header->Length >= Count + IPX_HEADER_LENGTH;
}

static VOID IpxpLayout(PWIRE_CURSOR Cursor, PIPX_HEADER Header)
{
    WireU16(Cursor, &Header->Checksum);
    WireU16(Cursor, &Header->Length);
    WireU8(Cursor, &Header->TransportControl);
    WireU8(Cursor, &Header->PacketType);
    WireAddress(Cursor, &Header->Destination);
    WireAddress(Cursor, &Header->Source);
}

NTSTATUS EthEncodeHeader(PUCHAR Buffer, ULONG Length, const ETH_HEADER *Header)
{
    WIRE_CURSOR Cursor;
    ETH_HEADER Copy = *Header;
    UCHAR Llc[SNAP_HEADER_LENGTH];
    const UCHAR *Bytes;
    ULONG Count;

    if ((ULONG)Copy.Frame >= IpxFrameTypeCount)
        return STATUS_INVALID_PARAMETER;
    Bytes = EthpLlcBytes(Copy.Frame, &Count);
    memcpy(Llc, Bytes, Count);
    if (!EthpLengthValid(&Copy, Count))
        return STATUS_INVALID_PARAMETER;
    WireInitEncode(&Cursor, Buffer, Length);
    EthpLayout(&Cursor, &Copy, Llc);
    return Cursor.Status;
}

/*
 * Length is the bytes received; an 802.3 length field must count no more
 * of them than there are after the header (padding may follow).
 */
NTSTATUS EthDecodeHeader(const UCHAR *Buffer, ULONG Length, PETH_HEADER Header)
{
    WIRE_CURSOR Cursor;
    UCHAR Llc[SNAP_HEADER_LENGTH];
    const UCHAR *Bytes;
    ULONG Count;

    Header->Frame = IpxFrameTypeOf(Buffer, Length);
    if (Header->Frame == IpxFrameNone)
        return STATUS_INVALID_NETWORK_RESPONSE;
    WireInitDecode(&Cursor, Buffer, Length);
    EthpLayout(&Cursor, Header, Llc);
    if (!NT_SUCCESS(Cursor.Status))
        return Cursor.Status;
    Bytes = EthpLlcBytes(Header->Frame, &Count);
    if (memcmp(Llc, Bytes, Count) != 0)
        return STATUS_INVALID_NETWORK_RESPONSE;
    if (!EthpLengthValid(Header, Count) || Header->Length > Length - ETH_HEADER_LENGTH)
        return STATUS_INVALID_NETWORK_RESPONSE;
    return STATUS_SUCCESS;
}

NTSTATUS IpxEncodeHeader(PUCHAR Buffer, ULONG Length, const IPX_HEADER *Header)
{
    WIRE_CURSOR Cursor;
    IPX_HEADER Copy = *Header;

    if (Copy.Length < IPX_HEADER_LENGTH || Copy.Length > IPX_MAX_PACKET)
        return STATUS_INVALID_PARAMETER;
    WireInitEncode(&Cursor, Buffer, Length);
    IpxpLayout(&Cursor, &Copy);
    return Cursor.Status;
}

/*
 * Length is the bytes available after the link header (in 802.3 framings,
 * what the length field counts); the IPX length field must fit in it
 * (frames are padded, so it may be shorter).
 */
NTSTATUS IpxDecodeHeader(const UCHAR *Buffer, ULONG Length, PIPX_HEADER Header)
{
    WIRE_CURSOR Cursor;

    WireInitDecode(&Cursor, Buffer, Length);
    IpxpLayout(&Cursor, Header);
    if (!NT_SUCCESS(Cursor.Status))
        return Cursor.Status;
    if (Header->Length < IPX_HEADER_LENGTH || Header->Length > Length ||
        Header->Length > IPX_MAX_PACKET)
        return STATUS_INVALID_NETWORK_RESPONSE;
    return STATUS_SUCCESS;
}

NTSTATUS IpxBuildFrame(PUCHAR Frame, ULONG FrameSize, const ETH_HEADER *Eth,
                       PIPX_HEADER Ipx, const UCHAR *Payload,
                       ULONG PayloadLength, PULONG FrameLength)
{
    ETH_HEADER Link = *Eth;
    ULONG Offset = IpxFrameHeaderLength(Eth->Frame);
    ULONG Used = Offset + IPX_HEADER_LENGTH + PayloadLength;
    NTSTATUS Status;

    if (Offset == 0 || PayloadLength > IpxMaxData(Eth->Frame))
        return STATUS_INVALID_PARAMETER;
    if (FrameSize < Used || FrameSize < ETH_MIN_FRAME)
        return STATUS_BUFFER_TOO_SMALL;
    /* The 802.3 length counts LLC/SNAP and the IPX packet, not the pad. */
    Link.Length = Eth->Frame == IpxFrameEthernetII ? 0 : (USHORT)(Used - ETH_HEADER_LENGTH);
    Ipx->Checksum = IPX_NO_CHECKSUM;
    Ipx->Length = (USHORT)(IPX_HEADER_LENGTH + PayloadLength);
    Status = EthEncodeHeader(Frame, FrameSize, &Link);
    if (NT_SUCCESS(Status))
        Status = IpxEncodeHeader(Frame + Offset, FrameSize - Offset, Ipx);
    if (!NT_SUCCESS(Status))
        return Status;
    if (PayloadLength != 0)
        memcpy(Frame + Offset + IPX_HEADER_LENGTH, Payload, PayloadLength);
    /* QEMU's NE2000 does not pad on transmit; nor does a UDP backend. */
    if (Used < ETH_MIN_FRAME) {
        memset(Frame + Used, 0, ETH_MIN_FRAME - Used);
        Used = ETH_MIN_FRAME;
    }
    *FrameLength = Used;
    return STATUS_SUCCESS;
}

NTSTATUS IpxParseFrame(const UCHAR *Frame, ULONG FrameLength, PETH_HEADER Eth,
                       PIPX_HEADER Ipx, const UCHAR **Payload,
                       PULONG PayloadLength)
{
    ULONG Offset, Available;
    NTSTATUS Status;

    if (FrameLength > ETH_MAX_FRAME)
        return STATUS_INVALID_NETWORK_RESPONSE;
    Status = EthDecodeHeader(Frame, FrameLength, Eth);
    if (!NT_SUCCESS(Status))
        return Status;
    Offset = IpxFrameHeaderLength(Eth->Frame);
    /* Ethernet II: up to the frame's end; 802.3: what the length counts. */
    Available = Eth->Frame == IpxFrameEthernetII
                    ? FrameLength - Offset
                    : Eth->Length - (Offset - ETH_HEADER_LENGTH);
    Status = IpxDecodeHeader(Frame + Offset, Available, Ipx);
    if (!NT_SUCCESS(Status))
        return Status;
    *Payload = Frame + Offset + IPX_HEADER_LENGTH;
    *PayloadLength = Ipx->Length - IPX_HEADER_LENGTH;
    return STATUS_SUCCESS;
}

NTSTATUS SapEncodeQuery(PUCHAR Buffer, ULONG Length, const SAP_QUERY *Query,
                        PULONG Written)
{
    WIRE_CURSOR Cursor;
    SAP_QUERY Copy = *Query;

    if (Copy.QueryType != SAP_GENERAL_QUERY && Copy.QueryType != SAP_NEAREST_QUERY)
        return STATUS_INVALID_PARAMETER;
    WireInitEncode(&Cursor, Buffer, Length);
    WireU16(&Cursor, &Copy.QueryType);
    WireU16(&Cursor, &Copy.ServerType);
    *Written = Cursor.Offset;
    return Cursor.Status;
}

/* A query is exactly 4 bytes; anything else is not a SAP query. */
NTSTATUS SapDecodeQuery(const UCHAR *Buffer, ULONG Length, PSAP_QUERY Query)
{
    WIRE_CURSOR Cursor;

    if (Length != 4)
        return STATUS_INVALID_NETWORK_RESPONSE;
    WireInitDecode(&Cursor, Buffer, Length);
    WireU16(&Cursor, &Query->QueryType);
    WireU16(&Cursor, &Query->ServerType);
    if (NT_SUCCESS(Cursor.Status) &&
        Query->QueryType != SAP_GENERAL_QUERY &&
        Query->QueryType != SAP_NEAREST_QUERY)
        return STATUS_INVALID_NETWORK_RESPONSE;
    return Cursor.Status;
}

static VOID SappEntryLayout(PWIRE_CURSOR Cursor, PSAP_ENTRY Entry)
{
    WireU16(Cursor, &Entry->ServerType);
    WireBytes(Cursor, Entry->Name, SAP_NAME_LENGTH);
    WireAddress(Cursor, &Entry->Address);
    WireU16(Cursor, &Entry->Hops);
}

NTSTATUS SapEncodeResponse(PUCHAR Buffer, ULONG Length, USHORT ResponseType,
                           const SAP_ENTRY *Entries, ULONG Count,
                           PULONG Written)
{
    WIRE_CURSOR Cursor;
    SAP_ENTRY Entry;
    ULONG Index;

    if (Count > SAP_MAX_ENTRIES || (ResponseType != SAP_GENERAL_RESPONSE &&
                                    ResponseType != SAP_NEAREST_RESPONSE))
        return STATUS_INVALID_PARAMETER;
    WireInitEncode(&Cursor, Buffer, Length);
    WireU16(&Cursor, &ResponseType);
    for (Index = 0; Index < Count; Index++) {
        Entry = Entries[Index];
        /* The name field is NUL-padded: a 48-character name has no NUL. */
        if (strnlen(Entry.Name, sizeof(Entry.Name)) >= SAP_NAME_LENGTH)
            return STATUS_INVALID_PARAMETER;
        memset(Entry.Name + strlen(Entry.Name), 0,
               sizeof(Entry.Name) - strlen(Entry.Name));
        SappEntryLayout(&Cursor, &Entry);
    }
    *Written = Cursor.Offset;
    return Cursor.Status;
}

NTSTATUS SapDecodeResponse(const UCHAR *Buffer, ULONG Length,
                           PUSHORT ResponseType, PSAP_ENTRY Entries,
                           ULONG MaxEntries, PULONG Count)
{
    WIRE_CURSOR Cursor;
    ULONG Index, Found;

    if (Length < 2 || (Length - 2) % SAP_ENTRY_LENGTH != 0)
        return STATUS_INVALID_NETWORK_RESPONSE;
    Found = (Length - 2) / SAP_ENTRY_LENGTH;
    if (Found > SAP_MAX_ENTRIES)
        return STATUS_INVALID_NETWORK_RESPONSE;
    if (Found > MaxEntries)
        return STATUS_BUFFER_TOO_SMALL;
    WireInitDecode(&Cursor, Buffer, Length);
    WireU16(&Cursor, ResponseType);
    for (Index = 0; Index < Found; Index++) {
        SappEntryLayout(&Cursor, &Entries[Index]);
        Entries[Index].Name[SAP_NAME_LENGTH] = '\0';
        if (NT_SUCCESS(Cursor.Status) &&
            !WireIsNulPadded(Entries[Index].Name, SAP_NAME_LENGTH))
            WireFail(&Cursor, STATUS_INVALID_NETWORK_RESPONSE);
    }
    if (NT_SUCCESS(Cursor.Status) && *ResponseType != SAP_GENERAL_RESPONSE &&
        *ResponseType != SAP_NEAREST_RESPONSE)
        return STATUS_INVALID_NETWORK_RESPONSE;
    *Count = Found;
    return Cursor.Status;
}

static VOID RippEntryLayout(PWIRE_CURSOR Cursor, PRIP_ENTRY Entry)
{
    WireU32(Cursor, &Entry->Network);
    WireU16(Cursor, &Entry->Hops);
    WireU16(Cursor, &Entry->Ticks);
}

NTSTATUS RipEncode(PUCHAR Buffer, ULONG Length, USHORT Operation,
                   const RIP_ENTRY *Entries, ULONG Count, PULONG Written)
{
    WIRE_CURSOR Cursor;
    RIP_ENTRY Entry;
    ULONG Index;

    if (Count > RIP_MAX_ENTRIES || (Operation != RIP_REQUEST && Operation != RIP_RESPONSE))
        return STATUS_INVALID_PARAMETER;
    WireInitEncode(&Cursor, Buffer, Length);
    WireU16(&Cursor, &Operation);
    for (Index = 0; Index < Count; Index++) {
        Entry = Entries[Index];
        RippEntryLayout(&Cursor, &Entry);
    }
    *Written = Cursor.Offset;
    return Cursor.Status;
}

NTSTATUS RipDecode(const UCHAR *Buffer, ULONG Length, PUSHORT Operation,
                   PRIP_ENTRY Entries, ULONG MaxEntries, PULONG Count)
{
    WIRE_CURSOR Cursor;
    ULONG Index, Found;

    if (Length < 2 || (Length - 2) % RIP_ENTRY_LENGTH != 0)
        return STATUS_INVALID_NETWORK_RESPONSE;
    Found = (Length - 2) / RIP_ENTRY_LENGTH;
    if (Found > RIP_MAX_ENTRIES)
        return STATUS_INVALID_NETWORK_RESPONSE;
    if (Found > MaxEntries)
        return STATUS_BUFFER_TOO_SMALL;
    WireInitDecode(&Cursor, Buffer, Length);
    WireU16(&Cursor, Operation);
    for (Index = 0; Index < Found; Index++)
        RippEntryLayout(&Cursor, &Entries[Index]);
    if (NT_SUCCESS(Cursor.Status) && *Operation != RIP_REQUEST &&
        *Operation != RIP_RESPONSE)
        return STATUS_INVALID_NETWORK_RESPONSE;
    *Count = Found;
    return Cursor.Status;
}
