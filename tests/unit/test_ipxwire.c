/*
 * test_ipxwire.c - cmocka tests of the IPX codec (drivers/ipx/ipxwire.c):
 * byte-exact frames in each of the four framings, padding and the 802.3
 * length field, SAP and RIP round trips, and rejection of truncated,
 * oversized and lying input with the documented statuses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "drivers/ipx/ipxwire.h"

static const UCHAR ClientMac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const UCHAR ServerMac[6] = { 0x02, 0x4E, 0x57, 0x00, 0x00, 0x01 };

static void FillHeaders(PETH_HEADER Eth, PIPX_HEADER Ipx)
{
    memset(Eth, 0, sizeof(*Eth));
    memset(Ipx, 0, sizeof(*Ipx));
    memcpy(Eth->Destination, ServerMac, 6);
    memcpy(Eth->Source, ClientMac, 6);
    Eth->Frame = IpxFrameEthernetII;
    Ipx->PacketType = IPX_TYPE_NCP;
    Ipx->Destination.Network = 0x1A2B3C4D;
    memcpy(Ipx->Destination.Node, ServerMac, 6);
    Ipx->Destination.Socket = IPX_SOCKET_NCP;
    Ipx->Source.Network = 0x1A2B3C4D;
    memcpy(Ipx->Source.Node, ClientMac, 6);
    Ipx->Source.Socket = 0x4100;
}

static ULONG BuildIn(IPX_FRAME_TYPE Framing, PUCHAR Frame, ULONG Size,
                     ULONG PayloadLength)
{
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    UCHAR Payload[1500];
    ULONG Length = 0;

    memset(Payload, 0xA5, sizeof(Payload));
    FillHeaders(&Eth, &Ipx);
    Eth.Frame = Framing;
    Eth.Length = 999;                       /* IpxBuildFrame's to fill in */
    assert_int_equal(IpxBuildFrame(Frame, Size, &Eth, &Ipx, Payload,
                                   PayloadLength, &Length), STATUS_SUCCESS);
    return Length;
}

static ULONG BuildSample(PUCHAR Frame, ULONG Size, ULONG PayloadLength)
{
    return BuildIn(IpxFrameEthernetII, Frame, Size, PayloadLength);
}

static void test_frame_is_big_endian_and_padded(void **state)
{
    UCHAR Frame[ETH_MAX_FRAME];
    ULONG Length = BuildSample(Frame, sizeof(Frame), 4);
    static const UCHAR Expected[] = {
        0x81, 0x37,                         /* ethertype */
        0xFF, 0xFF, 0x00, 0x22, 0x00, 0x11, /* checksum, length 34, tc, type */
        0x1A, 0x2B, 0x3C, 0x4D,             /* destination network */
    };
    ULONG Index;

    assert_int_equal(Length, ETH_MIN_FRAME);
    assert_memory_equal(Frame, ServerMac, 6);
    assert_memory_equal(Frame + 12, Expected, sizeof(Expected));
    assert_int_equal(Frame[14 + 16], 0x04);     /* socket 0x0451, high first */
    assert_int_equal(Frame[14 + 17], 0x51);
    for (Index = 14 + 34; Index < ETH_MIN_FRAME; Index++)
        assert_int_equal(Frame[Index], 0);
}

static void test_frame_round_trip_ignores_padding(void **state)
{
    UCHAR Frame[ETH_MAX_FRAME];
    ULONG Length = BuildSample(Frame, sizeof(Frame), 5);
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    const UCHAR *Payload;
    ULONG PayloadLength;

    assert_int_equal(IpxParseFrame(Frame, Length, &Eth, &Ipx, &Payload,
                                   &PayloadLength), STATUS_SUCCESS);
    assert_int_equal(PayloadLength, 5);
    assert_ptr_equal(Payload, Frame + 44);
    assert_int_equal(Ipx.Source.Socket, 0x4100);
    assert_int_equal(Ipx.Destination.Network, 0x1A2B3C4D);
    assert_memory_equal(Ipx.Source.Node, ClientMac, 6);
    assert_int_equal(Ipx.PacketType, IPX_TYPE_NCP);
}

static void test_frame_build_rejects_small_buffer_and_big_payload(void **state)
{
    UCHAR Frame[ETH_MAX_FRAME + 16];
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    UCHAR Payload[ETH_MAX_FRAME] = { 0 };
    ULONG Length;

    FillHeaders(&Eth, &Ipx);
    assert_int_equal(IpxBuildFrame(Frame, 59, &Eth, &Ipx, Payload, 1, &Length),
                     STATUS_BUFFER_TOO_SMALL);
    assert_int_equal(IpxBuildFrame(Frame, 100, &Eth, &Ipx, Payload, 100,
                                   &Length), STATUS_BUFFER_TOO_SMALL);
    assert_int_equal(IpxBuildFrame(Frame, sizeof(Frame), &Eth, &Ipx, Payload,
                                   IPX_MAX_PACKET - IPX_HEADER_LENGTH + 1,
                                   &Length), STATUS_INVALID_PARAMETER);
}

static void test_parse_rejects_bad_frames(void **state)
{
    UCHAR Frame[ETH_MAX_FRAME + 1];
    ULONG Length = BuildSample(Frame, sizeof(Frame), 20);
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    const UCHAR *Payload;
    ULONG PayloadLength, Cut;

    for (Cut = 0; Cut < Length; Cut++)      /* every truncation */
        assert_int_equal(IpxParseFrame(Frame, Cut, &Eth, &Ipx, &Payload,
                                       &PayloadLength),
                         STATUS_INVALID_NETWORK_RESPONSE);
    Frame[12] = 0x08;                       /* IPv4 ethertype */
    assert_int_equal(IpxParseFrame(Frame, Length, &Eth, &Ipx, &Payload,
                                   &PayloadLength),
                     STATUS_INVALID_NETWORK_RESPONSE);
    Frame[12] = 0x81;
    Frame[17] = 29;                         /* IPX length below the header */
    assert_int_equal(IpxParseFrame(Frame, Length, &Eth, &Ipx, &Payload,
                                   &PayloadLength),
                     STATUS_INVALID_NETWORK_RESPONSE);
    assert_int_equal(IpxParseFrame(Frame, ETH_MAX_FRAME + 1, &Eth, &Ipx,
                                   &Payload, &PayloadLength),
                     STATUS_INVALID_NETWORK_RESPONSE);
}

static void test_ipx_length_must_fit_the_frame(void **state)
{
    UCHAR Frame[ETH_MAX_FRAME];
    ULONG Length = BuildSample(Frame, sizeof(Frame), 40);
    IPX_HEADER Ipx;

    assert_int_equal(Length, 14 + 30 + 40);
    assert_int_equal(IpxDecodeHeader(Frame + 14, 70, &Ipx), STATUS_SUCCESS);
    assert_int_equal(IpxDecodeHeader(Frame + 14, 69, &Ipx),
                     STATUS_INVALID_NETWORK_RESPONSE);
}

/* What follows the addresses in each framing, for a 34-byte IPX packet. */
static void test_each_framing_byte_for_byte(void **state)
{
    static const UCHAR Ipx34[] = { 0xFF, 0xFF, 0x00, 0x22, 0x00, 0x11 };
    static const struct {
        IPX_FRAME_TYPE Frame;
        UCHAR Link[10];
        ULONG LinkLength;       /* after the addresses */
        USHORT LengthField;     /* what ETH_HEADER.Length decodes to */
    } Cases[] = {
        { IpxFrameEthernetII, { 0x81, 0x37 }, 2, 0 },
        { IpxFrame8023, { 0x00, 0x22 }, 2, 34 },
        { IpxFrame8022, { 0x00, 0x25, 0xE0, 0xE0, 0x03 }, 5, 37 },
        { IpxFrameSnap, { 0x00, 0x2A, 0xAA, 0xAA, 0x03, 0x00, 0x00, 0x00, 0x81, 0x37 }, 10, 42 },
    };
    UCHAR Frame[ETH_MAX_FRAME], Again[ETH_MAX_FRAME];
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    const UCHAR *Payload;
    ULONG Index, Length, PayloadLength, Offset, Byte;

    for (Index = 0; Index < sizeof(Cases) / sizeof(Cases[0]); Index++) {
        Length = BuildIn(Cases[Index].Frame, Frame, sizeof(Frame), 4);
        Offset = 12 + Cases[Index].LinkLength;
        assert_int_equal(Length, ETH_MIN_FRAME);    /* padded, not counted */
        assert_int_equal(IpxFrameHeaderLength(Cases[Index].Frame), Offset);
        assert_memory_equal(Frame + 12, Cases[Index].Link, Cases[Index].LinkLength);
        assert_memory_equal(Frame + Offset, Ipx34, sizeof(Ipx34));
        for (Byte = Offset + 34; Byte < Length; Byte++)
            assert_int_equal(Frame[Byte], 0);
        assert_int_equal(IpxFrameTypeOf(Frame, Length), Cases[Index].Frame);
        assert_int_equal(IpxParseFrame(Frame, Length, &Eth, &Ipx, &Payload,
                                       &PayloadLength), STATUS_SUCCESS);
        assert_int_equal(Eth.Frame, Cases[Index].Frame);
        assert_int_equal(Eth.Length, Cases[Index].LengthField);
        assert_memory_equal(Eth.Source, ClientMac, 6);
        assert_ptr_equal(Payload, Frame + Offset + 30);
        assert_int_equal(PayloadLength, 4);
        assert_int_equal(EthEncodeHeader(Again, sizeof(Again), &Eth), STATUS_SUCCESS);
        assert_memory_equal(Again, Frame, Offset);
        for (Byte = 0; Byte < Offset + 34; Byte++)  /* every cut into the packet */
            assert_int_equal(IpxParseFrame(Frame, Byte, &Eth, &Ipx, &Payload,
                                           &PayloadLength),
                             STATUS_INVALID_NETWORK_RESPONSE);
    }
}

/* The 802.3 length counts LLC and IPX; IPX's own length is what counts. */
static void test_802_3_length_field_rules(void **state)
{
    UCHAR Frame[ETH_MAX_FRAME], Again[ETH_MAX_FRAME];
    ULONG Length = BuildIn(IpxFrame8022, Frame, sizeof(Frame), 5);
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    const UCHAR *Payload;
    ULONG PayloadLength;

    assert_int_equal(Frame[13], 3 + 30 + 5);
    Frame[13] = 3 + 30 + 6;                 /* a sender's pad byte, counted */
    assert_int_equal(IpxParseFrame(Frame, Length, &Eth, &Ipx, &Payload,
                                   &PayloadLength), STATUS_SUCCESS);
    assert_int_equal(PayloadLength, 5);
    assert_int_equal(Eth.Length, 39);
    assert_int_equal(EthEncodeHeader(Again, sizeof(Again), &Eth), STATUS_SUCCESS);
    assert_memory_equal(Again, Frame, 17);  /* the link header comes back */
    Frame[13] = 3 + 30 + 4;                 /* IPX longer than the 802.3 length */
    assert_int_equal(IpxParseFrame(Frame, Length, &Eth, &Ipx, &Payload,
                                   &PayloadLength), STATUS_INVALID_NETWORK_RESPONSE);
    Frame[13] = (UCHAR)(Length - 14 + 1);   /* counts more than arrived */
    assert_int_equal(IpxParseFrame(Frame, Length, &Eth, &Ipx, &Payload,
                                   &PayloadLength), STATUS_INVALID_NETWORK_RESPONSE);
    Frame[12] = 0x05;                       /* 1501..1535: neither length nor type */
    Frame[13] = 0xDD;
    assert_int_equal(IpxFrameTypeOf(Frame, Length), IpxFrameNone);
    assert_int_equal(IpxParseFrame(Frame, Length, &Eth, &Ipx, &Payload,
                                   &PayloadLength), STATUS_INVALID_NETWORK_RESPONSE);
}

/* Only the bytes that name IPX make a frame IPX. */
static void test_frame_type_of_tells_ipx_apart(void **state)
{
    UCHAR Frame[ETH_MIN_FRAME];

    memset(Frame, 0, sizeof(Frame));
    Frame[12] = 0x08;                       /* IPv4 */
    assert_int_equal(IpxFrameTypeOf(Frame, sizeof(Frame)), IpxFrameNone);
    Frame[12] = 0x00;
    Frame[13] = 46;                         /* a length: 802.3 */
    assert_int_equal(IpxFrameTypeOf(Frame, sizeof(Frame)), IpxFrameNone);
    memcpy(Frame + 14, "\xFF\xFF", 2);
    assert_int_equal(IpxFrameTypeOf(Frame, sizeof(Frame)), IpxFrame8023);
    assert_int_equal(IpxFrameTypeOf(Frame, 15), IpxFrameNone);
    memcpy(Frame + 14, "\xE0\xE0\x03", 3);
    assert_int_equal(IpxFrameTypeOf(Frame, sizeof(Frame)), IpxFrame8022);
    Frame[16] = 0x13;                       /* LLC, but not a UI frame */
    assert_int_equal(IpxFrameTypeOf(Frame, sizeof(Frame)), IpxFrameNone);
    memcpy(Frame + 14, "\xAA\xAA\x03\x00\x00\x00\x08\x00", 8);   /* SNAP IPv4 */
    assert_int_equal(IpxFrameTypeOf(Frame, sizeof(Frame)), IpxFrameNone);
    Frame[20] = 0x81;
    Frame[21] = 0x37;
    assert_int_equal(IpxFrameTypeOf(Frame, sizeof(Frame)), IpxFrameSnap);
    assert_int_equal(IpxFrameTypeOf(Frame, 21), IpxFrameNone);
    Frame[12] = 0x81;
    Frame[13] = 0x37;
    assert_int_equal(IpxFrameTypeOf(Frame, 14), IpxFrameEthernetII);
    assert_int_equal(IpxFrameTypeOf(Frame, 13), IpxFrameNone);
    assert_int_equal(IpxFrameTypeOf(NULL, 60), IpxFrameNone);
}

/* LLC and SNAP cost the IPX packet its bytes; the encoder refuses what the
   decoder would. */
static void test_framing_sizes_and_refusals(void **state)
{
    static const ULONG MaxData[] = { 1470, 1470, 1467, 1462 };
    static const PCSTR Names[] = { "ethernet_ii", "802.3", "802.2", "snap" };
    UCHAR Frame[ETH_MAX_FRAME + 16], Payload[ETH_MAX_FRAME] = { 0 };
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    ULONG Framing, Length;

    for (Framing = 0; Framing < IpxFrameTypeCount; Framing++) {
        FillHeaders(&Eth, &Ipx);
        Eth.Frame = (IPX_FRAME_TYPE)Framing;
        assert_string_equal(IpxFrameName(Eth.Frame), Names[Framing]);
        assert_int_equal(IpxMaxData(Eth.Frame), MaxData[Framing]);
        assert_int_equal(IpxBuildFrame(Frame, sizeof(Frame), &Eth, &Ipx, Payload,
                                       MaxData[Framing], &Length), STATUS_SUCCESS);
        assert_int_equal(Length, ETH_MAX_FRAME);
        assert_int_equal(IpxBuildFrame(Frame, sizeof(Frame), &Eth, &Ipx, Payload,
                                       MaxData[Framing] + 1, &Length),
                         STATUS_INVALID_PARAMETER);
    }
    assert_string_equal(IpxFrameName(IpxFrameNone), "none");
    assert_int_equal(IpxMaxData(IpxFrameNone), 0);
    Eth.Frame = IpxFrameNone;
    assert_int_equal(IpxBuildFrame(Frame, sizeof(Frame), &Eth, &Ipx, Payload, 1, &Length),
                     STATUS_INVALID_PARAMETER);
    assert_int_equal(EthEncodeHeader(Frame, sizeof(Frame), &Eth), STATUS_INVALID_PARAMETER);
    Eth.Frame = IpxFrameEthernetII;
    Eth.Length = 40;                        /* Ethernet II carries no length */
    assert_int_equal(EthEncodeHeader(Frame, sizeof(Frame), &Eth), STATUS_INVALID_PARAMETER);
    Eth.Frame = IpxFrameSnap;
    Eth.Length = 1501;
    assert_int_equal(EthEncodeHeader(Frame, sizeof(Frame), &Eth), STATUS_INVALID_PARAMETER);
    Eth.Length = 8 + 29;                    /* no room for an IPX header */
    assert_int_equal(EthEncodeHeader(Frame, sizeof(Frame), &Eth), STATUS_INVALID_PARAMETER);
    Eth.Length = 8 + 30;
    assert_int_equal(EthEncodeHeader(Frame, 21, &Eth), STATUS_BUFFER_TOO_SMALL);
    assert_int_equal(EthEncodeHeader(Frame, 22, &Eth), STATUS_SUCCESS);
}

static void test_sap_query(void **state)
{
    SAP_QUERY Query = { SAP_NEAREST_QUERY, SAP_TYPE_FILE_SERVER }, Back;
    UCHAR Buffer[8];
    ULONG Written;
    static const UCHAR Expected[] = { 0x00, 0x03, 0x00, 0x04 };

    assert_int_equal(SapEncodeQuery(Buffer, sizeof(Buffer), &Query, &Written),
                     STATUS_SUCCESS);
    assert_int_equal(Written, 4);
    assert_memory_equal(Buffer, Expected, 4);
    assert_int_equal(SapDecodeQuery(Buffer, 4, &Back), STATUS_SUCCESS);
    assert_int_equal(Back.ServerType, SAP_TYPE_FILE_SERVER);
    assert_int_equal(SapDecodeQuery(Buffer, 3, &Back),
                     STATUS_INVALID_NETWORK_RESPONSE);
    assert_int_equal(SapDecodeQuery(Buffer, 5, &Back),
                     STATUS_INVALID_NETWORK_RESPONSE);
    Buffer[1] = 2;                          /* a response type, not a query */
    assert_int_equal(SapDecodeQuery(Buffer, 4, &Back),
                     STATUS_INVALID_NETWORK_RESPONSE);
    assert_int_equal(SapEncodeQuery(Buffer, 3, &Query, &Written),
                     STATUS_BUFFER_TOO_SMALL);
}

static void FillEntry(PSAP_ENTRY Entry, PCSTR Name)
{
    memset(Entry, 0, sizeof(*Entry));
    Entry->ServerType = SAP_TYPE_FILE_SERVER;
    strcpy(Entry->Name, Name);
    Entry->Address.Network = 0x00001234;
    memcpy(Entry->Address.Node, ServerMac, 6);
    Entry->Address.Socket = IPX_SOCKET_NCP;
    Entry->Hops = 1;
}

static void test_sap_response_round_trip(void **state)
{
    SAP_ENTRY Entries[2], Back[2];
    UCHAR Buffer[200];
    ULONG Written, Count;
    USHORT Type;

    FillEntry(&Entries[0], "NWSERVER");
    FillEntry(&Entries[1], "OTHER");
    assert_int_equal(SapEncodeResponse(Buffer, sizeof(Buffer),
                                       SAP_GENERAL_RESPONSE, Entries, 2,
                                       &Written), STATUS_SUCCESS);
    assert_int_equal(Written, 2 + 2 * 64);
    assert_int_equal(Buffer[4], 'N');
    assert_int_equal(Buffer[4 + 8], 0);     /* NUL padding after the name */
    assert_int_equal(SapDecodeResponse(Buffer, Written, &Type, Back, 2,
                                       &Count), STATUS_SUCCESS);
    assert_int_equal(Count, 2);
    assert_int_equal(Type, SAP_GENERAL_RESPONSE);
    assert_string_equal(Back[1].Name, "OTHER");
    assert_int_equal(Back[0].Address.Socket, IPX_SOCKET_NCP);
    assert_int_equal(Back[0].Hops, 1);
    assert_int_equal(SapDecodeResponse(Buffer, Written, &Type, Back, 1,
                                       &Count), STATUS_BUFFER_TOO_SMALL);
    assert_int_equal(SapDecodeResponse(Buffer, Written - 1, &Type, Back, 2,
                                       &Count),
                     STATUS_INVALID_NETWORK_RESPONSE);
}

static void test_sap_response_rejects_bad_arguments(void **state)
{
    SAP_ENTRY Entries[SAP_MAX_ENTRIES + 1];
    UCHAR Buffer[1024];
    ULONG Written, Index;

    for (Index = 0; Index <= SAP_MAX_ENTRIES; Index++)
        FillEntry(&Entries[Index], "S");
    assert_int_equal(SapEncodeResponse(Buffer, sizeof(Buffer), 2, Entries,
                                       SAP_MAX_ENTRIES + 1, &Written),
                     STATUS_INVALID_PARAMETER);
    memset(Entries[0].Name, 'X', SAP_NAME_LENGTH);
    Entries[0].Name[SAP_NAME_LENGTH] = '\0';
    assert_int_equal(SapEncodeResponse(Buffer, sizeof(Buffer), 2, Entries, 1,
                                       &Written), STATUS_INVALID_PARAMETER);
    FillEntry(&Entries[0], "S");
    assert_int_equal(SapEncodeResponse(Buffer, 65, 2, Entries, 1, &Written),
                     STATUS_BUFFER_TOO_SMALL);
}

/* The round trip's rules for a SAP name: NUL-padded, at most 47 characters;
   anything else is refused by the decoder rather than changed. */
static void test_sap_names_that_cannot_round_trip_are_refused(void **state)
{
    UCHAR Buffer[2 + SAP_ENTRY_LENGTH];
    SAP_ENTRY Entry, Back;
    USHORT Type;
    ULONG Written, Count;

    FillEntry(&Entry, "NWSERVER");
    assert_int_equal(SapEncodeResponse(Buffer, sizeof(Buffer), SAP_GENERAL_RESPONSE, &Entry, 1,
                                       &Written), STATUS_SUCCESS);
    Buffer[2 + 2 + 9] = 'X';                        /* junk after the name's NUL */
    assert_int_equal(SapDecodeResponse(Buffer, Written, &Type, &Back, 1, &Count),
                     STATUS_INVALID_NETWORK_RESPONSE);
    memset(Buffer + 2 + 2, 'N', SAP_NAME_LENGTH);   /* 48 characters, no NUL */
    assert_int_equal(SapDecodeResponse(Buffer, Written, &Type, &Back, 1, &Count),
                     STATUS_INVALID_NETWORK_RESPONSE);
    assert_int_equal(SapEncodeResponse(Buffer, sizeof(Buffer), 3, &Entry, 1, &Written),
                     STATUS_INVALID_PARAMETER);
    assert_int_equal(SapEncodeQuery(Buffer, sizeof(Buffer), &(SAP_QUERY){ 2, 4 }, &Written),
                     STATUS_INVALID_PARAMETER);
    assert_int_equal(RipEncode(Buffer, sizeof(Buffer), 3, NULL, 0, &Written),
                     STATUS_INVALID_PARAMETER);
}

static void test_rip_round_trip_and_rejects(void **state)
{
    RIP_ENTRY Entry = { 0x00001234, 1, 2 }, Back[2];
    UCHAR Buffer[64];
    ULONG Written, Count;
    USHORT Operation;
    static const UCHAR Expected[] = { 0, 2, 0, 0, 0x12, 0x34, 0, 1, 0, 2 };

    assert_int_equal(RipEncode(Buffer, sizeof(Buffer), RIP_RESPONSE, &Entry, 1,
                               &Written), STATUS_SUCCESS);
    assert_int_equal(Written, 10);
    assert_memory_equal(Buffer, Expected, 10);
    assert_int_equal(RipDecode(Buffer, 10, &Operation, Back, 2, &Count),
                     STATUS_SUCCESS);
    assert_int_equal(Count, 1);
    assert_int_equal(Back[0].Network, 0x1234);
    assert_int_equal(Back[0].Ticks, 2);
    assert_int_equal(RipDecode(Buffer, 9, &Operation, Back, 2, &Count),
                     STATUS_INVALID_NETWORK_RESPONSE);
    Buffer[1] = 7;
    assert_int_equal(RipDecode(Buffer, 10, &Operation, Back, 2, &Count),
                     STATUS_INVALID_NETWORK_RESPONSE);
    assert_int_equal(RipEncode(Buffer, 9, RIP_REQUEST, &Entry, 1, &Written),
                     STATUS_BUFFER_TOO_SMALL);
}

static void test_cursor_failure_sticks(void **state)
{
    WIRE_CURSOR Cursor;
    UCHAR Buffer[3] = { 1, 2, 3 };
    USHORT Word = 0;
    ULONG Long = 0;
    UCHAR Byte = 0;

    WireInitDecode(&Cursor, Buffer, sizeof(Buffer));
    WireU32(&Cursor, &Long);                /* too long: fails */
    WireU16(&Cursor, &Word);                /* would fit, but must not run */
    assert_int_equal(Cursor.Status, STATUS_INVALID_NETWORK_RESPONSE);
    assert_int_equal(Word, 0);
    assert_int_equal(Cursor.Offset, 0);
    WireInitEncode(&Cursor, Buffer, 1);
    WireU8(&Cursor, &Byte);
    WireU8(&Cursor, &Byte);
    assert_int_equal(Cursor.Status, STATUS_BUFFER_TOO_SMALL);
}

static void test_cursor_little_endian(void **state)
{
    WIRE_CURSOR Cursor;
    UCHAR Buffer[6];
    USHORT Word = 0x1234;
    ULONG Long = 0x89ABCDEF;

    WireInitEncode(&Cursor, Buffer, sizeof(Buffer));
    WireU16Le(&Cursor, &Word);
    WireU32Le(&Cursor, &Long);
    assert_int_equal(Cursor.Status, STATUS_SUCCESS);
    assert_memory_equal(Buffer, "\x34\x12\xEF\xCD\xAB\x89", 6);
    Word = 0;
    Long = 0;
    WireInitDecode(&Cursor, Buffer, sizeof(Buffer));
    WireU16Le(&Cursor, &Word);
    WireU32Le(&Cursor, &Long);
    assert_int_equal(Word, 0x1234);
    assert_int_equal(Long, 0x89ABCDEF);
    WireInitDecode(&Cursor, Buffer, 5);
    WireU16Le(&Cursor, &Word);
    WireU32Le(&Cursor, &Long);
    assert_int_equal(Cursor.Status, STATUS_INVALID_NETWORK_RESPONSE);
}

int main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(test_frame_is_big_endian_and_padded),
        cmocka_unit_test(test_frame_round_trip_ignores_padding),
        cmocka_unit_test(test_frame_build_rejects_small_buffer_and_big_payload),
        cmocka_unit_test(test_parse_rejects_bad_frames),
        cmocka_unit_test(test_ipx_length_must_fit_the_frame),
        cmocka_unit_test(test_each_framing_byte_for_byte),
        cmocka_unit_test(test_802_3_length_field_rules),
        cmocka_unit_test(test_frame_type_of_tells_ipx_apart),
        cmocka_unit_test(test_framing_sizes_and_refusals),
        cmocka_unit_test(test_sap_query),
        cmocka_unit_test(test_sap_response_round_trip),
        cmocka_unit_test(test_sap_response_rejects_bad_arguments),
        cmocka_unit_test(test_sap_names_that_cannot_round_trip_are_refused),
        cmocka_unit_test(test_rip_round_trip_and_rejects),
        cmocka_unit_test(test_cursor_failure_sticks),
        cmocka_unit_test(test_cursor_little_endian),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
