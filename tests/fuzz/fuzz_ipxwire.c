/*
 * fuzz_ipxwire.c - the IPX/SAP/RIP codec (drivers/ipx/ipxwire.c).
 *
 * An input is a received Ethernet frame. Properties:
 *   - decode never reads past the input (ASan) and never misbehaves (UBSan);
 *   - frame, in any of the four framings: when IpxParseFrame accepts it,
 *     re-encoding its link and IPX headers and payload gives back the
 *     frame's first (link header + IPX length) bytes (the rest is padding,
 *     which is not content), and IpxBuildFrame of the same fields gives a
 *     frame that parses the same, its 802.3 length counting exactly the
 *     LLC/SNAP and IPX bytes;
 *   - SAP query, SAP response and RIP, tried on the payload: whatever a
 *     decoder accepts, its encoder writes back byte for byte;
 *   - the other direction: the input's bytes taken as the structures
 *     themselves (a SAP query, entries, RIP entries); whatever an encoder
 *     writes, its decoder accepts, and encoding that again gives the same
 *     bytes (so every field the wire carries came back).
 */
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "drivers/ipx/ipxwire.h"

static UCHAR Out[ETH_MAX_FRAME], Again[ETH_MAX_FRAME];

static void CheckFrame(const UCHAR *Frame, ULONG Length)
{
    ETH_HEADER Eth, Eth2;
    IPX_HEADER Ipx, Ipx2;
    const UCHAR *Payload, *Payload2;
    ULONG PayloadLength, PayloadLength2, Built, Offset;

    if (!NT_SUCCESS(IpxParseFrame(Frame, Length, &Eth, &Ipx, &Payload, &PayloadLength)))
        return;
    FUZZ_CHECK(IpxFrameTypeOf(Frame, Length) == Eth.Frame);
    Offset = IpxFrameHeaderLength(Eth.Frame);
    FUZZ_CHECK(Offset >= ETH_HEADER_LENGTH);
    FUZZ_CHECK(EthEncodeHeader(Out, sizeof(Out), &Eth) == STATUS_SUCCESS);
    FUZZ_CHECK(IpxEncodeHeader(Out + Offset, sizeof(Out) - Offset, &Ipx) == STATUS_SUCCESS);
    FUZZ_CHECK(Offset + IPX_HEADER_LENGTH + PayloadLength <= Length);
    FUZZ_CHECK(Eth.Frame == IpxFrameEthernetII ||
               Offset - ETH_HEADER_LENGTH + Ipx.Length <= Eth.Length);
    memcpy(Out + Offset + IPX_HEADER_LENGTH, Payload, PayloadLength);
    FUZZ_CHECK(memcmp(Out, Frame, Offset + Ipx.Length) == 0);
    Ipx2 = Ipx;
    FUZZ_CHECK(IpxBuildFrame(Again, sizeof(Again), &Eth, &Ipx2, Payload, PayloadLength,
                             &Built) == STATUS_SUCCESS);
    FUZZ_CHECK(IpxParseFrame(Again, Built, &Eth2, &Ipx2, &Payload2, &PayloadLength2) ==
               STATUS_SUCCESS);
    FUZZ_CHECK(PayloadLength2 == PayloadLength && Ipx2.Length == Ipx.Length);
    FUZZ_CHECK(Eth2.Frame == Eth.Frame &&
               memcmp(Eth2.Destination, Eth.Destination, ETH_ADDRESS_LENGTH) == 0 &&
               memcmp(Eth2.Source, Eth.Source, ETH_ADDRESS_LENGTH) == 0);
    /* The length IpxBuildFrame writes counts exactly LLC/SNAP and IPX. */
    FUZZ_CHECK(Eth2.Length == (Eth.Frame == IpxFrameEthernetII
                                   ? 0 : Offset - ETH_HEADER_LENGTH + Ipx.Length));
    FUZZ_CHECK(memcmp(Payload2, Payload, PayloadLength) == 0);
}

static void CheckSap(const UCHAR *Data, ULONG Length)
{
    SAP_ENTRY Entries[SAP_MAX_ENTRIES];
    SAP_QUERY Query;
    USHORT Type;
    ULONG Count, Written;

    if (NT_SUCCESS(SapDecodeQuery(Data, Length, &Query))) {
        FUZZ_CHECK(SapEncodeQuery(Out, sizeof(Out), &Query, &Written) == STATUS_SUCCESS);
        FUZZ_CHECK(Written == Length && memcmp(Out, Data, Length) == 0);
    }
    if (NT_SUCCESS(SapDecodeResponse(Data, Length, &Type, Entries, SAP_MAX_ENTRIES, &Count))) {
        FUZZ_CHECK(SapEncodeResponse(Out, sizeof(Out), Type, Entries, Count, &Written) ==
                   STATUS_SUCCESS);
        FUZZ_CHECK(Written == Length && memcmp(Out, Data, Length) == 0);
    }
}

static void CheckRip(const UCHAR *Data, ULONG Length)
{
    RIP_ENTRY Entries[RIP_MAX_ENTRIES];
    USHORT Operation;
    ULONG Count, Written;

    if (!NT_SUCCESS(RipDecode(Data, Length, &Operation, Entries, RIP_MAX_ENTRIES, &Count)))
        return;
    FUZZ_CHECK(RipEncode(Out, sizeof(Out), Operation, Entries, Count, &Written) ==
               STATUS_SUCCESS);
    FUZZ_CHECK(Written == Length && memcmp(Out, Data, Length) == 0);
}

/* Structures made of the input's bytes: encode, decode, encode again. */
static void CheckEncoders(const UCHAR *Data, size_t Size)
{
    SAP_ENTRY Entries[SAP_MAX_ENTRIES], Back[SAP_MAX_ENTRIES];
    RIP_ENTRY Rips[RIP_MAX_ENTRIES], RipBack[RIP_MAX_ENTRIES];
    SAP_QUERY Query, QueryBack;
    USHORT Type, TypeBack;
    ULONG Count, Written, Rewritten, Found;

    if (Size < 4)
        return;
    memcpy(&Query, Data, sizeof(Query));
    if (NT_SUCCESS(SapEncodeQuery(Out, sizeof(Out), &Query, &Written))) {
        FUZZ_CHECK(SapDecodeQuery(Out, Written, &QueryBack) == STATUS_SUCCESS);
        FUZZ_CHECK(memcmp(&QueryBack, &Query, sizeof(Query)) == 0);
    }
    Type = (USHORT)(Data[0] << 8 | Data[1]);
    Count = Data[2] % (SAP_MAX_ENTRIES + 1);
    memset(Entries, 0, sizeof(Entries));
    memcpy(Entries, Data + 3, Size - 3 < sizeof(Entries) ? Size - 3 : sizeof(Entries));
    if (NT_SUCCESS(SapEncodeResponse(Out, sizeof(Out), Type, Entries, Count, &Written))) {
        FUZZ_CHECK(SapDecodeResponse(Out, Written, &TypeBack, Back, SAP_MAX_ENTRIES, &Found) ==
                   STATUS_SUCCESS);
        FUZZ_CHECK(TypeBack == Type && Found == Count);
        FUZZ_CHECK(SapEncodeResponse(Again, sizeof(Again), TypeBack, Back, Found,
                                     &Rewritten) == STATUS_SUCCESS);
        FUZZ_CHECK(Rewritten == Written && memcmp(Again, Out, Written) == 0);
        for (ULONG i = 0; i < Found; i++)
            FUZZ_CHECK(strcmp(Back[i].Name, Entries[i].Name) == 0);
    }
    Count = Data[2] % (RIP_MAX_ENTRIES + 1);
    memset(Rips, 0, sizeof(Rips));
    memcpy(Rips, Data + 3, Size - 3 < sizeof(Rips) ? Size - 3 : sizeof(Rips));
    if (NT_SUCCESS(RipEncode(Out, sizeof(Out), Type, Rips, Count, &Written))) {
        FUZZ_CHECK(RipDecode(Out, Written, &TypeBack, RipBack, RIP_MAX_ENTRIES, &Found) ==
                   STATUS_SUCCESS);
        FUZZ_CHECK(TypeBack == Type && Found == Count);
        for (ULONG i = 0; i < Found; i++)
            FUZZ_CHECK(RipBack[i].Network == Rips[i].Network &&
                       RipBack[i].Hops == Rips[i].Hops && RipBack[i].Ticks == Rips[i].Ticks);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size)
{
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    const UCHAR *Payload;
    ULONG PayloadLength;

    if (Size > ETH_MAX_FRAME + 16)
        return -1;
    CheckFrame(Data, (ULONG)Size);
    if (NT_SUCCESS(IpxParseFrame(Data, (ULONG)Size, &Eth, &Ipx, &Payload, &PayloadLength))) {
        CheckSap(Payload, PayloadLength);
        CheckRip(Payload, PayloadLength);
    }
    CheckEncoders(Data, Size);
    return 0;
}
