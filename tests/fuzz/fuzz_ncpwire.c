/*
 * fuzz_ncpwire.c - the NCP codec (drivers/nwrdr/ncpwire.c).
 *
 * An input is an NCP request and the reply to it: a 2-byte big-endian
 * length N, N bytes of request (the IPX payload a server receives), then
 * the reply's bytes (what a client receives). Properties:
 *   - nothing reads past the input or misbehaves (ASan, UBSan);
 *   - whatever NcpDecodeRequest accepts, NcpEncodeRequest writes back byte
 *     for byte; the same for the reply against its request, the reply
 *     header (a prefix decoder: its 8 bytes come back) and the control
 *     message;
 *   - the other direction: the input's bytes taken as an NCP_REQUEST and an
 *     NCP_REPLY (pointers fixed up); whatever an encoder writes, its decoder
 *     accepts, and encoding what it gave back writes the same bytes again -
 *     so every field the layout carries survived.
 */
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "drivers/ipx/ipxwire.h"
#include "drivers/nwrdr/ncpwire.h"

static UCHAR Out[2 * ETH_MAX_FRAME], Again[2 * ETH_MAX_FRAME];
static UCHAR Bytes[2 * ETH_MAX_FRAME];     /* what Io.Data and Read.Data point at */

static void CheckRequestBack(const UCHAR *Data, ULONG Length, PNCP_REQUEST Request)
{
    ULONG Written;

    if (NcpDecodeRequest(Data, Length, Request) != STATUS_SUCCESS)
        return;
    FUZZ_CHECK(NcpEncodeRequest(Out, sizeof(Out), Request, &Written) == STATUS_SUCCESS);
    FUZZ_CHECK(Written == Length && memcmp(Out, Data, Length) == 0);
}

static void CheckReplyBack(const UCHAR *Data, ULONG Length, const NCP_REQUEST *Request)
{
    NCP_REPLY_HEADER Header;
    NCP_REPLY Reply;
    ULONG Written;

    if (NT_SUCCESS(NcpDecodeReplyHeader(Data, Length, &Header))) {
        FUZZ_CHECK(NcpEncodeReplyHeader(Out, sizeof(Out), &Header, &Written) ==
                   STATUS_SUCCESS);
        FUZZ_CHECK(Written == NCP_REPLY_HEADER_LENGTH && memcmp(Out, Data, Written) == 0);
    }
    if (!NT_SUCCESS(NcpDecodeReply(Data, Length, Request, &Reply)))
        return;
    FUZZ_CHECK(NcpEncodeReply(Out, sizeof(Out), Request, &Reply, &Written) == STATUS_SUCCESS);
    FUZZ_CHECK(Written == Length && memcmp(Out, Data, Length) == 0);
}

static void CheckControlBack(const UCHAR *Data, ULONG Length)
{
    NCP_CONTROL Control;
    ULONG Written;

    if (!NT_SUCCESS(NcpDecodeControl(Data, Length, &Control)))
        return;
    FUZZ_CHECK(NcpEncodeControl(Out, sizeof(Out), &Control, &Written) == STATUS_SUCCESS);
    FUZZ_CHECK(Written == Length && memcmp(Out, Data, Length) == 0);
}

/* A request made of raw bytes: encode, decode, encode again. */
static void CheckRequestForth(const UCHAR *Data, size_t Size, PNCP_REQUEST Request)
{
    NCP_REQUEST Back;
    ULONG Written, Rewritten;

    memset(Request, 0, sizeof(*Request));
    memcpy(Request, Data, Size < sizeof(*Request) ? Size : sizeof(*Request));
    if (Request->Header.Function == NCP_WRITE_FILE)
        Request->u.Io.Data = Bytes;
    if (!NT_SUCCESS(NcpEncodeRequest(Out, sizeof(Out), Request, &Written)))
        return;
    FUZZ_CHECK(NcpDecodeRequest(Out, Written, &Back) == STATUS_SUCCESS);
    FUZZ_CHECK(NcpEncodeRequest(Again, sizeof(Again), &Back, &Rewritten) == STATUS_SUCCESS);
    FUZZ_CHECK(Rewritten == Written && memcmp(Again, Out, Written) == 0);
}

static void CheckReplyForth(const UCHAR *Data, size_t Size, const NCP_REQUEST *Request)
{
    NCP_REPLY Reply, Back;
    ULONG Written, Rewritten;

    memset(&Reply, 0, sizeof(Reply));
    memcpy(&Reply, Data, Size < sizeof(Reply) ? Size : sizeof(Reply));
    Reply.u.Read.Data = Bytes;
    if (!NT_SUCCESS(NcpEncodeReply(Out, sizeof(Out), Request, &Reply, &Written)))
        return;
    FUZZ_CHECK(NcpDecodeReply(Out, Written, Request, &Back) == STATUS_SUCCESS);
    FUZZ_CHECK(NcpEncodeReply(Again, sizeof(Again), Request, &Back, &Rewritten) ==
               STATUS_SUCCESS);
    FUZZ_CHECK(Rewritten == Written && memcmp(Again, Out, Written) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size)
{
    NCP_REQUEST Request;
    ULONG Split;

    if (Size < 2 || Size > 2 * ETH_MAX_FRAME)
        return -1;
    memcpy(Bytes, Data, Size);
    Split = (ULONG)(Data[0] << 8 | Data[1]);
    if (Split > Size - 2)
        Split = (ULONG)Size - 2;
    CheckRequestBack(Data + 2, Split, &Request);
    CheckControlBack(Data + 2, Split);
    if (NcpDecodeRequest(Data + 2, Split, &Request) == STATUS_SUCCESS)
        CheckReplyBack(Data + 2 + Split, (ULONG)Size - 2 - Split, &Request);
    CheckRequestForth(Data, Size, &Request);
    CheckReplyForth(Data + 2 + Split, Size - 2 - Split, &Request);
    return 0;
}
