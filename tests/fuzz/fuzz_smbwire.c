/*
 * fuzz_smbwire.c - the SMB codec (drivers/lanman/smbwire.c).
 *
 * An input is an SMB request and the reply to it: a 2-byte big-endian
 * length N, N bytes of request (the IPX payload smbserv receives), then
 * the reply's bytes (what the redirector receives). Properties:
 *   - nothing reads past the input or misbehaves (ASan, UBSan);
 *   - whatever SmbDecodeRequest accepts, SmbEncodeRequest writes back byte
 *     for byte; the same for the reply, each entry of a SEARCH reply, and
 *     the request's bytes taken as an NMPI message;
 *   - the other direction: the input's bytes taken as an SMB_REQUEST, an
 *     SMB_REPLY and an SMB_DIRECTORY_ENTRY (pointers fixed up); whatever an
 *     encoder writes, its decoder accepts, and encoding what it gave back
 *     writes the same bytes again.
 */
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "drivers/ipx/ipxwire.h"
#include "drivers/lanman/smbwire.h"

static UCHAR Out[2 * ETH_MAX_FRAME], Again[2 * ETH_MAX_FRAME];
static UCHAR Bytes[2 * ETH_MAX_FRAME];     /* what Data pointers point at */

static void CheckRequestBack(const UCHAR *Data, ULONG Length)
{
    SMB_REQUEST Request;
    ULONG Written;

    if (SmbDecodeRequest(Data, Length, &Request) != STATUS_SUCCESS)
        return;
    FUZZ_CHECK(SmbEncodeRequest(Out, sizeof(Out), &Request, &Written) == STATUS_SUCCESS);
    FUZZ_CHECK(Written == Length && memcmp(Out, Data, Length) == 0);
}

static void CheckEntriesBack(const SMB_REPLY *Reply)
{
    SMB_DIRECTORY_ENTRY Entry;
    const UCHAR *At;
    ULONG Index;

    if (Reply->Header.Command != SMB_COM_SEARCH || Reply->Header.ErrorClass != SMB_SUCCESS)
        return;
    for (Index = 0; Index < Reply->u.Search.Count; Index++) {
        At = Reply->u.Search.Data + Index * SMB_DIRECTORY_ENTRY_LENGTH;
        if (SmbDecodeDirectoryEntry(At, SMB_DIRECTORY_ENTRY_LENGTH, &Entry) != STATUS_SUCCESS)
            continue;
        FUZZ_CHECK(SmbEncodeDirectoryEntry(Out, SMB_DIRECTORY_ENTRY_LENGTH, &Entry) ==
                   STATUS_SUCCESS);
        FUZZ_CHECK(memcmp(Out, At, SMB_DIRECTORY_ENTRY_LENGTH) == 0);
    }
}

static void CheckReplyBack(const UCHAR *Data, ULONG Length)
{
    SMB_REPLY Reply;
    ULONG Written;

    if (SmbDecodeReply(Data, Length, &Reply) != STATUS_SUCCESS)
        return;
    FUZZ_CHECK(SmbEncodeReply(Out, sizeof(Out), &Reply, &Written) == STATUS_SUCCESS);
    FUZZ_CHECK(Written == Length && memcmp(Out, Data, Length) == 0);
    CheckEntriesBack(&Reply);
}

static void CheckNameBack(const UCHAR *Data, ULONG Length)
{
    SMB_NAME_MESSAGE Message;
    ULONG Written;

    if (SmbDecodeName(Data, Length, &Message) != STATUS_SUCCESS)
        return;
    FUZZ_CHECK(SmbEncodeName(Out, sizeof(Out), &Message, &Written) == STATUS_SUCCESS);
    FUZZ_CHECK(Written == Length && memcmp(Out, Data, Length) == 0);
}

static void CheckRequestForth(const UCHAR *Data, size_t Size)
{
    SMB_REQUEST Request, Back;
    ULONG Written, Rewritten;

    memset(&Request, 0, sizeof(Request));
    memcpy(&Request, Data, Size < sizeof(Request) ? Size : sizeof(Request));
    if (Request.Header.Command == SMB_COM_ECHO)
        Request.u.Echo.Data = Bytes;
    else
        Request.u.Io.Data = Bytes;
    if (!NT_SUCCESS(SmbEncodeRequest(Out, sizeof(Out), &Request, &Written)))
        return;
    FUZZ_CHECK(SmbDecodeRequest(Out, Written, &Back) == STATUS_SUCCESS);
    FUZZ_CHECK(SmbEncodeRequest(Again, sizeof(Again), &Back, &Rewritten) == STATUS_SUCCESS);
    FUZZ_CHECK(Rewritten == Written && memcmp(Again, Out, Written) == 0);
}

static void CheckReplyForth(const UCHAR *Data, size_t Size)
{
    SMB_REPLY Reply, Back;
    ULONG Written, Rewritten;

    memset(&Reply, 0, sizeof(Reply));
    memcpy(&Reply, Data, Size < sizeof(Reply) ? Size : sizeof(Reply));
    switch (Reply.Header.Command) {
    case SMB_COM_ECHO: Reply.u.Echo.Data = Bytes; break;
    case SMB_COM_SEARCH: Reply.u.Search.Data = Bytes; break;
    default: Reply.u.Read.Data = Bytes;
    }
    if (!NT_SUCCESS(SmbEncodeReply(Out, sizeof(Out), &Reply, &Written)))
        return;
    FUZZ_CHECK(SmbDecodeReply(Out, Written, &Back) == STATUS_SUCCESS);
    FUZZ_CHECK(SmbEncodeReply(Again, sizeof(Again), &Back, &Rewritten) == STATUS_SUCCESS);
    FUZZ_CHECK(Rewritten == Written && memcmp(Again, Out, Written) == 0);
}

static void CheckEntryForth(const UCHAR *Data, size_t Size)
{
    SMB_DIRECTORY_ENTRY Entry, Back;

    memset(&Entry, 0, sizeof(Entry));
    memcpy(&Entry, Data, Size < sizeof(Entry) ? Size : sizeof(Entry));
    if (!NT_SUCCESS(SmbEncodeDirectoryEntry(Out, SMB_DIRECTORY_ENTRY_LENGTH, &Entry)))
        return;
    FUZZ_CHECK(SmbDecodeDirectoryEntry(Out, SMB_DIRECTORY_ENTRY_LENGTH, &Back) ==
               STATUS_SUCCESS);
    FUZZ_CHECK(SmbEncodeDirectoryEntry(Again, SMB_DIRECTORY_ENTRY_LENGTH, &Back) ==
               STATUS_SUCCESS);
    FUZZ_CHECK(memcmp(Again, Out, SMB_DIRECTORY_ENTRY_LENGTH) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size)
{
    ULONG Split;

    if (Size < 2 || Size > 2 * ETH_MAX_FRAME)
        return -1;
    memcpy(Bytes, Data, Size);
    Split = (ULONG)(Data[0] << 8 | Data[1]);
    if (Split > Size - 2)
        Split = (ULONG)Size - 2;
    CheckRequestBack(Data + 2, Split);
    CheckNameBack(Data + 2, Split);
    CheckReplyBack(Data + 2 + Split, (ULONG)Size - 2 - Split);
    CheckRequestForth(Data, Size);
    CheckReplyForth(Data + 2 + Split, Size - 2 - Split);
    CheckEntryForth(Data, Size);
    return 0;
}
