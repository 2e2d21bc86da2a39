/*
 * ipxwire.h - the IPX wire codec: the four Ethernet framings of IPX, the IPX
 * header, SAP and RIP, plus the bounds-checked byte cursor the NCP codec
 * builds on.
 *
 * One source for the kernel (32-bit, freestanding) and for the host programs
 * (ncpserv, smbserv, the host test clients, the unit tests). Everything IPX
 * and NCP put on the wire is big-endian (SMB, which builds on the same
 * cursor, is little-endian: WireU16Le, WireU32Le); every structure here is
 * host order. Nothing allocates, nothing
 * keeps state: encoders write into a caller buffer of a given length,
 * decoders read from (buffer, length).
 *
 * Status mapping, the same in ncpwire.h:
 *   STATUS_BUFFER_TOO_SMALL          an encoder's output buffer is too short
 *   STATUS_INVALID_NETWORK_RESPONSE  input off the wire is truncated, claims a
 *                                    length it does not have, is oversized or
 *                                    is not the protocol asked for
 *   STATUS_INVALID_PARAMETER         the caller asked to encode something the
 *                                    wire cannot carry (a 300-byte name, 9 SAP
 *                                    entries in one packet) or its decoder
 *                                    would refuse (a SAP query of type 2)
 *
 * Round trip: whatever a decoder accepts, its encoder writes back byte for
 * byte, and whatever an encoder writes, its decoder accepts and gives back
 * (tests/fuzz checks both on every input). A fixed-width name (a SAP
 * server's, 48 bytes) is NUL-padded: at most 47 characters, zeros after
 * them; a name field that breaks the rule is refused, not trimmed. Frames
 * are the one exception: the bytes after the IPX length are Ethernet's
 * padding, not content, and IpxBuildFrame pads with zeros. The link header
 * itself (ETH_HEADER, with an 802.3 length field as received) is encoded
 * back byte for byte; IpxBuildFrame writes the length field the IPX packet
 * needs.
 *
 * Framings. IPX travels on Ethernet in four ways, all of which NetWare and
 * NWLink speak; IpxParseFrame takes any of them and says which it was
 * (ETH_HEADER.Frame), IpxBuildFrame writes the one asked for:
 *   Ethernet II   type 0x8137, the IPX packet after it
 *   raw 802.3     a length field, then the IPX packet itself, whose
 *                 checksum 0xFFFF is what tells it apart from 802.2
 *                 (NetWare 3.11's default, "Ethernet_802.3")
 *   802.2         a length field, LLC DSAP 0xE0 SSAP 0xE0 control 0x03
 *                 (UI), then IPX (NetWare 3.12's default)
 *   SNAP          a length field, LLC 0xAA 0xAA 0x03, OUI 00 00 00, type
 *                 0x8137, then IPX
 * A type/length value of 1500 or less is a length: it counts the bytes
 * after it (LLC, SNAP and the IPX packet) and never Ethernet's padding up
 * to 60 bytes. The receiver trusts the IPX length, which must fit inside
 * what the length field counts; a length field counting more (a sender's
 * pad byte) is accepted and the extra bytes are padding, as Ethernet's are.
 * An LLC or SNAP header costs the IPX packet its bytes: IpxMaxData says
 * how much data each framing carries.
 *
 * Interface:
 *   WireInitEncode, WireInitDecode, WireU8, WireU16, WireU32, WireU16Le,
 *   WireU32Le, WireBytes, WireData, WireFail
 *                                    the cursor (encode and decode share
 *                                    one description of each layout; there
 *                                    is no skip: every byte is a field)
 *   WireIsNulPadded                   a fixed-width name's rule (below)
 *   IpxBuildFrame, IpxParseFrame      a whole frame, in any framing
 *   IpxFrameTypeOf, IpxFrameName, IpxFrameHeaderLength, IpxMaxData
 *                                    which framing a frame uses; the
 *                                    framings' names and sizes
 *   EthEncodeHeader, EthDecodeHeader, IpxEncodeHeader, IpxDecodeHeader
 *   SapEncodeQuery, SapDecodeQuery, SapEncodeResponse, SapDecodeResponse
 *   RipEncode, RipDecode
 */
#ifndef IPXWIRE_H
#define IPXWIRE_H

#include "ntdef.h"

#define ETH_ADDRESS_LENGTH   6
#define ETH_HEADER_LENGTH    14      /* addresses and the type or length field */
#define ETH_MIN_FRAME        60      /* without the CRC; pad on transmit */
#define ETH_MAX_FRAME        1514
#define ETH_MAX_LENGTH       1500    /* a type/length field up to this is a length */
#define ETH_TYPE_IPX         0x8137
#define LLC_HEADER_LENGTH    3       /* DSAP, SSAP, control */
#define SNAP_HEADER_LENGTH   8       /* LLC, OUI (3), type (2) */

#define IPX_HEADER_LENGTH    30
#define IPX_MAX_PACKET       (ETH_MAX_FRAME - ETH_HEADER_LENGTH)  /* Ethernet II, raw 802.3 */
#define IPX_NO_CHECKSUM      0xFFFF

/* Packet types (IPX header byte 5). */
#define IPX_TYPE_UNKNOWN     0x00
#define IPX_TYPE_RIP         0x01
#define IPX_TYPE_PEP         0x04    /* SAP travels as PEP */
#define IPX_TYPE_SPX         0x05
#define IPX_TYPE_NCP         0x11
#define IPX_TYPE_NETBIOS     0x14

/* Well-known sockets. */
#define IPX_SOCKET_NCP       0x0451
#define IPX_SOCKET_SAP       0x0452
#define IPX_SOCKET_RIP       0x0453
#define IPX_SOCKET_NETBIOS   0x0455
#define IPX_SOCKET_DIAG      0x0456

/* SAP: query and response types, server types, entry size. */
#define SAP_GENERAL_QUERY    1
#define SAP_GENERAL_RESPONSE 2
#define SAP_NEAREST_QUERY    3
#define SAP_NEAREST_RESPONSE 4
#define SAP_TYPE_FILE_SERVER 0x0004
#define SAP_TYPE_WILDCARD    0xFFFF
#define SAP_NAME_LENGTH      48
#define SAP_ENTRY_LENGTH     64
#define SAP_MAX_ENTRIES      7       /* 2 + 7 * 64 fits a 576-byte IPX packet */

/* RIP. */
#define RIP_REQUEST          1
#define RIP_RESPONSE         2
#define RIP_ENTRY_LENGTH     8
#define RIP_MAX_ENTRIES      50
#define RIP_ALL_NETWORKS     0xFFFFFFFF

/* How IPX is carried on Ethernet (see "Framings" above). */
typedef enum _IPX_FRAME_TYPE {
    IpxFrameEthernetII,
    IpxFrame8023,               /* raw 802.3, "Novell raw" */
    IpxFrame8022,               /* 802.2 LLC */
    IpxFrameSnap,               /* 802.2 SNAP */
    IpxFrameTypeCount,
    IpxFrameNone = IpxFrameTypeCount    /* IpxFrameTypeOf: not IPX */
} IPX_FRAME_TYPE;

/* The link header: everything before the IPX packet. */
typedef struct _ETH_HEADER {
    UCHAR Destination[ETH_ADDRESS_LENGTH];
    UCHAR Source[ETH_ADDRESS_LENGTH];
    IPX_FRAME_TYPE Frame;
    USHORT Length;              /* the 802.3 length field; 0 in Ethernet II */
} ETH_HEADER, *PETH_HEADER;

typedef struct _IPX_ADDRESS {
    ULONG Network;
    UCHAR Node[ETH_ADDRESS_LENGTH];
    USHORT Socket;
} IPX_ADDRESS, *PIPX_ADDRESS;

typedef struct _IPX_HEADER {
    USHORT Checksum;
    USHORT Length;              /* header included; the decoder checks it */
    UCHAR TransportControl;
    UCHAR PacketType;
    IPX_ADDRESS Destination;
    IPX_ADDRESS Source;
} IPX_HEADER, *PIPX_HEADER;

typedef struct _SAP_QUERY {
    USHORT QueryType;
    USHORT ServerType;
} SAP_QUERY, *PSAP_QUERY;

typedef struct _SAP_ENTRY {
    USHORT ServerType;
    CHAR Name[SAP_NAME_LENGTH + 1];     /* NUL-terminated after decode */
    IPX_ADDRESS Address;
    USHORT Hops;
} SAP_ENTRY, *PSAP_ENTRY;

typedef struct _RIP_ENTRY {
    ULONG Network;
    USHORT Hops;
    USHORT Ticks;
} RIP_ENTRY, *PRIP_ENTRY;

/*
 * The cursor. Each layout is written once as a sequence of Wire* calls on
 * pointers to the structure's fields; in encode mode they copy the fields
 * out to the buffer, in decode mode they fill the fields from it. The first
 * failure sticks in Status and turns every later call into a no-op, so a
 * layout function checks once, at the end.
 */
typedef enum _WIRE_DIRECTION {
    WireEncode,
    WireDecode
} WIRE_DIRECTION;

typedef struct _WIRE_CURSOR {
    PUCHAR Buffer;              /* never written in decode mode */
    ULONG Length;
    ULONG Offset;
    WIRE_DIRECTION Direction;
    NTSTATUS Status;
} WIRE_CURSOR, *PWIRE_CURSOR;

VOID WireInitEncode(PWIRE_CURSOR Cursor, PUCHAR Buffer, ULONG Length);
VOID WireInitDecode(PWIRE_CURSOR Cursor, const UCHAR *Buffer, ULONG Length);
VOID WireFail(PWIRE_CURSOR Cursor, NTSTATUS Status);
VOID WireU8(PWIRE_CURSOR Cursor, PUCHAR Value);
VOID WireU16(PWIRE_CURSOR Cursor, PUSHORT Value);
VOID WireU32(PWIRE_CURSOR Cursor, PULONG Value);
VOID WireU16Le(PWIRE_CURSOR Cursor, PUSHORT Value);
VOID WireU32Le(PWIRE_CURSOR Cursor, PULONG Value);
VOID WireBytes(PWIRE_CURSOR Cursor, PVOID Bytes, ULONG Count);
/* Encode copies Count bytes from *Data; decode points *Data into the buffer. */
VOID WireData(PWIRE_CURSOR Cursor, const UCHAR **Data, ULONG Count);
VOID WireAddress(PWIRE_CURSOR Cursor, PIPX_ADDRESS Address);
/* TRUE when Name's Width bytes hold a NUL and nothing but NULs after it. */
BOOLEAN WireIsNulPadded(const CHAR *Name, ULONG Width);

/* "ethernet_ii", "802.3", "802.2", "snap" (the names ipxframe= and
   ncpserv's --frame take), or "none". */
PCSTR IpxFrameName(IPX_FRAME_TYPE Frame);
/* Bytes before the IPX packet: 14, 14, 17 or 22 (0 for none). */
ULONG IpxFrameHeaderLength(IPX_FRAME_TYPE Frame);
/* The most data one IPX packet carries in Frame (1470 down to 1462). */
ULONG IpxMaxData(IPX_FRAME_TYPE Frame);
/*
 * Which framing Frame uses, from the bytes that tell (type or length, and
 * what follows a length), or IpxFrameNone when it is not IPX in any of
 * them. Says nothing of whether the rest is sound: IpxParseFrame does.
 */
IPX_FRAME_TYPE IpxFrameTypeOf(const UCHAR *Frame, ULONG Length);

/*
 * The link header, 14 to 22 bytes by Header->Frame. Encoding refuses a
 * length field the decoder would (over 1500, shorter than LLC/SNAP and an
 * IPX header, or set in Ethernet II). Decoding refuses what is not IPX and
 * a length field that claims more than the buffer holds.
 */
NTSTATUS EthEncodeHeader(PUCHAR Buffer, ULONG Length, const ETH_HEADER *Header);
NTSTATUS EthDecodeHeader(const UCHAR *Buffer, ULONG Length, PETH_HEADER Header);
NTSTATUS IpxEncodeHeader(PUCHAR Buffer, ULONG Length, const IPX_HEADER *Header);
NTSTATUS IpxDecodeHeader(const UCHAR *Buffer, ULONG Length, PIPX_HEADER Header);

/*
 * A whole frame in Eth->Frame's framing: link header (its length field
 * filled in here; Eth->Length is ignored), IPX header (Length and Checksum
 * filled in here), payload, zero padding up to ETH_MIN_FRAME. *FrameLength
 * gets the bytes to transmit. A payload over IpxMaxData(Eth->Frame) is
 * STATUS_INVALID_PARAMETER.
 */
NTSTATUS IpxBuildFrame(PUCHAR Frame, ULONG FrameSize, const ETH_HEADER *Eth,
                       PIPX_HEADER Ipx, const UCHAR *Payload,
                       ULONG PayloadLength, PULONG FrameLength);

/*
 * Splits a received frame in any of the four framings (Eth->Frame says
 * which). The payload length comes from the IPX length field (padding is
 * ignored), which must lie within the frame and within what an 802.3
 * length field counts.
 */
NTSTATUS IpxParseFrame(const UCHAR *Frame, ULONG FrameLength, PETH_HEADER Eth,
                       PIPX_HEADER Ipx, const UCHAR **Payload,
                       PULONG PayloadLength);

NTSTATUS SapEncodeQuery(PUCHAR Buffer, ULONG Length, const SAP_QUERY *Query,
                        PULONG Written);
NTSTATUS SapDecodeQuery(const UCHAR *Buffer, ULONG Length, PSAP_QUERY Query);
NTSTATUS SapEncodeResponse(PUCHAR Buffer, ULONG Length, USHORT ResponseType,
                           const SAP_ENTRY *Entries, ULONG Count,
                           PULONG Written);
NTSTATUS SapDecodeResponse(const UCHAR *Buffer, ULONG Length,
                           PUSHORT ResponseType, PSAP_ENTRY Entries,
                           ULONG MaxEntries, PULONG Count);

NTSTATUS RipEncode(PUCHAR Buffer, ULONG Length, USHORT Operation,
                   const RIP_ENTRY *Entries, ULONG Count, PULONG Written);
NTSTATUS RipDecode(const UCHAR *Buffer, ULONG Length, PUSHORT Operation,
                   PRIP_ENTRY Entries, ULONG MaxEntries, PULONG Count);

#endif
