/*
 * test_ncpserv.c - cmocka tests of ncpserv's request handling, without
 * sockets: frames go in through NsReceiveFrame and come out through a send
 * hook. Covers SAP/RIP answers, connections and sequence numbers, bad
 * requests (NetWare completion codes, never a crash), login rules, fault
 * modes, paths, the control reset, the echo, the one framing it is
 * bound to, and frames for another station (smbserv's, on a hub).
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "drivers/nwrdr/nwcrypt.h"
#include "qemu/ncpserv/ncpserv.h"

#define MAX_SENT 8

static NS_SERVER Server;
static UCHAR Sent[MAX_SENT][ETH_MAX_FRAME];
static ULONG SentLength[MAX_SENT];
static ULONG SentCount;
static char Root[64];
static const UCHAR ClientMac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const UCHAR *DestinationMac;         /* NULL: the server's own */

static int CaptureSend(PNS_SERVER Unused, const UCHAR *Frame, ULONG Length)
{
    if (SentCount < MAX_SENT) {
        memcpy(Sent[SentCount], Frame, Length);
        SentLength[SentCount] = Length;
    }
    SentCount++;
    return 0;
}

static int Setup(NS_OPTIONS *Options)
{
    snprintf(Root, sizeof(Root), "/tmp/test_ncpserv.XXXXXX");
    if (!mkdtemp(Root))
        return -1;
    snprintf(Options->Root, sizeof(Options->Root), "%s/root", Root);
    snprintf(Options->Fixtures, sizeof(Options->Fixtures), "%s",
             NS_FIXTURES_DIR);
    SentCount = 0;
    return NsInitialize(&Server, Options, CaptureSend, NULL);
}

static int SetupPlain(void **state)
{
    NS_OPTIONS Options;

    memset(&Options, 0, sizeof(Options));
    return Setup(&Options);
}

static int Setup8022(void **state)
{
    NS_OPTIONS Options;

    memset(&Options, 0, sizeof(Options));
    Options.Frame = IpxFrame8022;
    return Setup(&Options);
}

/* Deterministic, and 3 wrong passwords lock an account. */
static int SetupDeterministic(void **state)
{
    NS_OPTIONS Options;

    memset(&Options, 0, sizeof(Options));
    Options.Deterministic = TRUE;
    Options.IntruderAttempts = 3;
    return Setup(&Options);
}

static int Teardown(void **state)
{
    char Command[128];

    NsShutdown(&Server);
    snprintf(Command, sizeof(Command), "rm -rf '%s'", Root);
    return system(Command) == 0 ? 0 : -1;
}

/* Sends one IPX payload from the client to Socket, in Framing; returns
   frames sent. */
static ULONG DeliverIn(IPX_FRAME_TYPE Framing, USHORT Socket, USHORT ClientSocket,
                       const UCHAR *Payload, ULONG Length)
{
    UCHAR Frame[ETH_MAX_FRAME];
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    ULONG FrameLength;

    memset(&Ipx, 0, sizeof(Ipx));
    memcpy(Eth.Destination, DestinationMac ? DestinationMac : Server.Mac, 6);
    memcpy(Eth.Source, ClientMac, 6);
    Eth.Frame = Framing;
    Ipx.PacketType = IPX_TYPE_NCP;
    Ipx.Destination = Server.Address;
    Ipx.Destination.Socket = Socket;
    memcpy(Ipx.Source.Node, ClientMac, 6);
    Ipx.Source.Socket = ClientSocket;
    assert_int_equal(IpxBuildFrame(Frame, sizeof(Frame), &Eth, &Ipx, Payload,
                                   Length, &FrameLength), STATUS_SUCCESS);
    SentCount = 0;
    NsReceiveFrame(&Server, Frame, FrameLength);
    return SentCount;
}

/* The same, in the server's own framing. */
static ULONG Deliver(USHORT Socket, USHORT ClientSocket, const UCHAR *Payload,
                     ULONG Length)
{
    return DeliverIn(Server.Options.Frame, Socket, ClientSocket, Payload, Length);
}

/* The NCP payload of sent frame Index. */
static const UCHAR *SentPayload(ULONG Index, ULONG *Length)
{
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    const UCHAR *Payload;

    assert_int_equal(IpxParseFrame(Sent[Index], SentLength[Index], &Eth, &Ipx,
                                   &Payload, Length), STATUS_SUCCESS);
    assert_memory_equal(Eth.Destination, ClientMac, 6);
    return Payload;
}

/* The reply header of sent frame Index. (Not NcpDecodeReplyHeader(
   SentPayload(0, &Length), Length, ...): C leaves the order of a call's
   arguments open, and Length may be read before SentPayload sets it.) */
static NTSTATUS SentReplyHeader(ULONG Index, PNCP_REPLY_HEADER Header)
{
    ULONG Length;
    const UCHAR *Payload = SentPayload(Index, &Length);

    return NcpDecodeReplyHeader(Payload, Length, Header);
}

static NCP_REQUEST Make(USHORT Type, UCHAR Sequence, USHORT Connection,
                        UCHAR Function, UCHAR SubFunction)
{
    NCP_REQUEST Request;

    memset(&Request, 0, sizeof(Request));
    Request.Header.Type = Type;
    Request.Header.Sequence = Sequence;
    Request.Header.Connection = Connection;
    Request.Header.Task = 1;
    Request.Header.Function = Function;
    Request.SubFunction = SubFunction;
    return Request;
}

/* Sends Request, expects one reply, decodes it into Reply. */
static UCHAR Exchange(NCP_REQUEST *Request, PNCP_REPLY Reply)
{
    UCHAR Buffer[ETH_MAX_FRAME];
    const UCHAR *Payload;
    ULONG Length;

    assert_int_equal(NcpEncodeRequest(Buffer, sizeof(Buffer), Request,
                                      &Length), STATUS_SUCCESS);
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4100, Buffer, Length), 1);
    Payload = SentPayload(0, &Length);
    assert_int_equal(NcpDecodeReply(Payload, Length, Request, Reply),
                     STATUS_SUCCESS);
    return Reply->Header.CompletionCode;
}

static USHORT Connect(void)
{
    NCP_REQUEST Request = Make(NCP_TYPE_CREATE, 0, NCP_NO_CONNECTION, 0, 0);
    NCP_REPLY Reply;

    assert_int_equal(Exchange(&Request, &Reply), NCP_OK);
    return Reply.Header.Connection;
}

/* 0x17/0x17: the connection's next login key. */
static void LoginKey(USHORT Connection, UCHAR Sequence, UCHAR *Key)
{
    NCP_REQUEST Request = Make(NCP_TYPE_REQUEST, Sequence, Connection,
                               NCP_CONNECTION_SERVICES, NCP_GET_LOGIN_KEY);
    NCP_REPLY Reply;

    assert_int_equal(Exchange(&Request, &Reply), NCP_OK);
    memcpy(Key, Reply.u.LoginKey.Key, NCP_LOGIN_KEY_LENGTH);
}

/* 0x17/0x18 for User with the answer Password and Key give. */
static UCHAR KeyedLogin(USHORT Connection, UCHAR Sequence, const char *User,
                        ULONG ObjectId, const char *Password, const UCHAR *Key)
{
    NCP_REQUEST Request = Make(NCP_TYPE_REQUEST, Sequence, Connection,
                               NCP_CONNECTION_SERVICES, NCP_KEYED_LOGIN);
    UCHAR Hash[NW_HASH_LENGTH];
    NCP_REPLY Reply;

    assert_int_equal(NwHashPassword(ObjectId, Password, Hash), STATUS_SUCCESS);
    NwEncryptHash(Key, Hash, Request.u.KeyedLogin.Key);
    Request.u.KeyedLogin.ObjectType = NCP_OBJECT_USER;
    NcpSetString(&Request.u.KeyedLogin.Name, User);
    return Exchange(&Request, &Reply);
}

/* SUPERVISOR's keyed login; takes two sequence numbers. */
static UCHAR Login(USHORT Connection, UCHAR Sequence, const char *Password)
{
    UCHAR Key[NCP_LOGIN_KEY_LENGTH];

    LoginKey(Connection, Sequence, Key);
    return KeyedLogin(Connection, (UCHAR)(Sequence + 1), "SUPERVISOR", NS_SUPERVISOR_ID,
                      Password, Key);
}

/* 0x17/0x14 with SUPERVISOR's Password. */
static UCHAR PlainLogin(USHORT Connection, UCHAR Sequence, const char *Password)
{
    NCP_REQUEST Request = Make(NCP_TYPE_REQUEST, Sequence, Connection,
                               NCP_CONNECTION_SERVICES, NCP_LOGIN_OBJECT);
    NCP_REPLY Reply;

    Request.u.Login.ObjectType = NCP_OBJECT_USER;
    NcpSetString(&Request.u.Login.Name, "SUPERVISOR");
    NcpSetString(&Request.u.Login.Password, Password);
    return Exchange(&Request, &Reply);
}

static UCHAR AllocDir(USHORT Connection, UCHAR Sequence, const char *Path,
                      UCHAR *Handle)
{
    NCP_REQUEST Request = Make(NCP_TYPE_REQUEST, Sequence, Connection,
                               NCP_DIRECTORY_SERVICES, NCP_ALLOC_PERMANENT_DIR);
    NCP_REPLY Reply;
    UCHAR Code;

    NcpSetString(&Request.u.AllocDir.Path, Path);
    Code = Exchange(&Request, &Reply);
    *Handle = Reply.u.AllocDir.Handle;
    return Code;
}

static void test_sap_and_rip(void **state)
{
    static const UCHAR Nearest[] = { 0, 3, 0, 4 }, Other[] = { 0, 3, 0, 7 };
    static const UCHAR Rip[] = { 0, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0, 1, 0, 1 };
    SAP_ENTRY Entry;
    RIP_ENTRY Route[4];
    const UCHAR *Payload;
    ULONG Length, Count;
    USHORT Type;

    assert_int_equal(Deliver(IPX_SOCKET_SAP, 0x4100, Nearest, 4), 1);
    Payload = SentPayload(0, &Length);
    assert_int_equal(SapDecodeResponse(Payload, Length, &Type, &Entry, 1,
                                       &Count), STATUS_SUCCESS);
    assert_int_equal(Type, SAP_NEAREST_RESPONSE);
    assert_string_equal(Entry.Name, "NWSERVER");
    assert_int_equal(Entry.Address.Socket, IPX_SOCKET_NCP);
    assert_int_equal(Deliver(IPX_SOCKET_SAP, 0x4100, Other, 4), 0);
    assert_int_equal(Deliver(IPX_SOCKET_RIP, 0x4100, Rip, sizeof(Rip)), 1);
    Payload = SentPayload(0, &Length);
    assert_int_equal(RipDecode(Payload, Length, &Type, Route, 4, &Count), 0);
    assert_int_equal(Type, RIP_RESPONSE);
    assert_int_equal(Route[0].Network, NS_NETWORK);
}

static void test_connections_and_sequences(void **state)
{
    USHORT First = Connect(), Second = Connect();
    NCP_REQUEST Request = Make(NCP_TYPE_REQUEST, 1, First,
                               NCP_NEGOTIATE_BUFFER, 0);
    UCHAR Buffer[64], Again[ETH_MAX_FRAME];
    NCP_REPLY Reply;
    ULONG Length, AgainLength;

    assert_int_equal(First, 1);
    assert_int_equal(Second, 2);            /* many from one address */
    Request.u.Negotiate.BufferSize = 4096;
    assert_int_equal(Exchange(&Request, &Reply), NCP_OK);
    assert_int_equal(Reply.u.Negotiate.BufferSize, NS_MAX_BUFFER);
    memcpy(Again, Sent[0], SentLength[0]);
    AgainLength = SentLength[0];
    NcpEncodeRequest(Buffer, sizeof(Buffer), &Request, &Length);
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4100, Buffer, Length), 1);
    assert_int_equal(SentLength[0], AgainLength);   /* retransmission: */
    assert_memory_equal(Sent[0], Again, AgainLength); /* same bytes */
    Request.Header.Sequence = 5;            /* skips 2..4 */
    NcpEncodeRequest(Buffer, sizeof(Buffer), &Request, &Length);
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4100, Buffer, Length), 0);
    Request.Header.Sequence = 2;            /* right sequence, wrong socket */
    NcpEncodeRequest(Buffer, sizeof(Buffer), &Request, &Length);
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4200, Buffer, Length), 1);
    assert_int_equal(SentReplyHeader(0, &Reply.Header), 0);
    assert_int_equal(Reply.Header.CompletionCode, NCP_E_FAILURE);
    assert_true(Reply.Header.ConnectionStatus & NCP_STATUS_DEAD);
}

/* 0x17/0xD2: only SUPERVISOR clears, never itself nor a free number; the
   cleared connection's next request is answered as a dead one. */
static void test_clear_connection(void **state)
{
    USHORT Victim = Connect(), Operator = Connect(), Guest = Connect();
    NCP_REQUEST Clear = Make(NCP_TYPE_REQUEST, 1, Guest, NCP_CONNECTION_SERVICES,
                             NCP_CLEAR_CONNECTION);
    NCP_REQUEST Request = Make(NCP_TYPE_REQUEST, 1, Victim, NCP_NEGOTIATE_BUFFER, 0);
    NCP_REPLY Reply;

    Clear.u.Clear.Number = (UCHAR)Victim;
    assert_int_equal(Exchange(&Clear, &Reply), NCP_E_NO_CONSOLE_RIGHTS);
    assert_int_equal(Login(Operator, 1, "SECRET"), NCP_OK);
    Clear.Header.Connection = Operator;
    Clear.Header.Sequence = 3;
    Clear.u.Clear.Number = (UCHAR)Operator;
    assert_int_equal(Exchange(&Clear, &Reply), NCP_E_BAD_STATION);
    Clear.Header.Sequence = 4;
    Clear.u.Clear.Number = (UCHAR)Victim;
    assert_int_equal(Exchange(&Clear, &Reply), NCP_OK);
    assert_int_equal(Exchange(&Request, &Reply), NCP_E_FAILURE);
    assert_true(Reply.Header.ConnectionStatus & NCP_STATUS_DEAD);
    Clear.Header.Sequence = 5;              /* gone: nothing to clear */
    assert_int_equal(Exchange(&Clear, &Reply), NCP_E_BAD_STATION);
    assert_int_equal(NsConnectionsInUse(&Server), 2);
}

static void test_bad_requests_get_completion_codes(void **state)
{
    USHORT Connection = Connect();
    UCHAR Lying[] = { 0x22, 0x22, 1, 0, 1, 0, 0x16, 0, 9, 0x05, 3, 'S', 'Y' };
    UCHAR Unknown[] = { 0x22, 0x22, 2, 0, 1, 0, 0x57, 1, 2, 3 };
    UCHAR Short[] = { 0x22, 0x22, 3, 0 };
    NCP_REPLY_HEADER Header;
    ULONG Length;

    Lying[3] = Unknown[3] = (UCHAR)Connection;
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4100, Lying, sizeof(Lying)), 1);
    SentReplyHeader(0, &Header);
    assert_int_equal(Header.CompletionCode, NCP_E_BOUNDARY);
    SentPayload(0, &Length);
    assert_int_equal(Length, NCP_REPLY_HEADER_LENGTH);
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4100, Unknown,
                             sizeof(Unknown)), 1);
    SentReplyHeader(0, &Header);
    assert_int_equal(Header.CompletionCode, NCP_E_BAD_REQUEST);
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4100, Short, sizeof(Short)), 0);
    assert_int_equal(Login(Connection, 3, "SECRET"), NCP_OK);   /* alive */
    assert_int_equal(PlainLogin(Connection, 5, "SECRET"), NCP_E_UNENCRYPTED_REFUSED);
}

static void test_login_rules_and_paths(void **state)
{
    USHORT Connection = Connect();
    UCHAR Handle;

    assert_int_equal(AllocDir(Connection, 1, "SYS:PUBLIC", &Handle),
                     NCP_E_INVALID_PATH);    /* not logged in yet */
    assert_int_equal(AllocDir(Connection, 2, "SYS:LOGIN", &Handle), NCP_OK);
    assert_int_equal(Login(Connection, 3, "secret"), NCP_OK);
    assert_int_equal(AllocDir(Connection, 5, "nwserver/sys:public", &Handle),
                     NCP_OK);
    assert_int_equal(AllocDir(Connection, 6, "SYS:PUBLIC/../../X", &Handle),
                     NCP_E_INVALID_PATH);
    assert_int_equal(AllocDir(Connection, 7, "SYS:TOOLONGNAME", &Handle),
                     NCP_E_INVALID_PATH);
    assert_int_equal(AllocDir(Connection, 8, "DATA:", &Handle),
                     NCP_E_NO_VOLUME);
    assert_int_equal(AllocDir(Connection, 9, "PUBLIC", &Handle),
                     NCP_E_BAD_DIR_HANDLE);  /* relative, no handle */
}

/* NetWare's wildcards: plain ones, and the augmented ones with DOS's 8.3 meaning. */
static void test_wildcards(void **state)
{
    char Stars[256];

    assert_true(NvMatchPattern("*.*", "MAILDATA"));
    assert_true(NvMatchPattern("*.*", "README.TXT"));
    assert_true(NvMatchPattern("*", "README.TXT"));
    assert_true(NvMatchPattern("\xAA\xAE" "P1Q", "0000001A.P1Q"));
    assert_true(NvMatchPattern("0000001?.P1Q", "0000001B.P1Q"));
    assert_false(NvMatchPattern("*.TXT", "SAMPLE.DAT"));
    assert_true(NvMatchPattern("sample.dat", "SAMPLE.DAT"));
    assert_true(NvMatchPattern("SAMPLE.???", "SAMPLE.DAT"));
    assert_false(NvMatchPattern("?????.TXT", "HI.TXT"));       /* plain ?: one each */
    assert_true(NvMatchPattern("?????.TXT", "HELLO.TXT"));
    assert_true(NvMatchPattern("R*T", "README.TXT"));           /* plain *: dots too */
    /* Augmented: * stays in its part, ? may match nothing at a part's end. */
    assert_true(NvMatchPattern("\xAA", "MAILDATA"));
    assert_false(NvMatchPattern("\xAA", "README.TXT"));
    assert_true(NvMatchPattern("\xAA\xAE\xAA", "README.TXT"));
    assert_true(NvMatchPattern("\xAA\xAE\xAA", "MAILDATA"));
    assert_false(NvMatchPattern("R\xAAT", "README.TXT"));
    assert_true(NvMatchPattern("\xBF\xBF\xBF\xBF\xBF\xAE" "TXT", "HI.TXT"));
    assert_false(NvMatchPattern("\xBF\xBF\xBF\xBF\xAE" "TXT", "HELLO.TXT"));
    assert_true(NvMatchPattern("FILE\xBF\xBF\xBF\xBF", "FILE"));
    assert_true(NvMatchPattern("FILE\xAE\xAA", "FILE"));
    assert_false(NvMatchPattern("FILE\xAE\xAA", "FILE1"));
    memset(Stars, '*', sizeof(Stars) - 2);
    Stars[sizeof(Stars) - 2] = 'X';
    Stars[sizeof(Stars) - 1] = '\0';
    assert_false(NvMatchPattern(Stars, "README.TXT"));          /* quick, not exponential */
}

/* Keys: one attempt each, the same after a reset; intruder detection counts
   keyed logins; unencrypted only when allowed. */
static void test_keyed_login(void **state)
{
    USHORT Connection = Connect();
    NCP_REQUEST Request = Make(NCP_TYPE_REQUEST, 1, Connection, NCP_CONNECTION_SERVICES,
                               NCP_GET_OBJECT_ID);
    UCHAR Key[NCP_LOGIN_KEY_LENGTH], First[NCP_LOGIN_KEY_LENGTH];
    NCP_REPLY Reply;
    int Attempt;

    Request.u.Object.ObjectType = NCP_OBJECT_USER;
    NcpSetString(&Request.u.Object.Name, "mmta");
    assert_int_equal(Exchange(&Request, &Reply), NCP_OK);
    assert_int_equal(Reply.u.Object.ObjectId, 0x0B000001);
    assert_string_equal(Reply.u.Object.Name, "MMTA");
    Request.Header.Sequence = 2;
    NcpSetString(&Request.u.Object.Name, "NOBODY");
    assert_int_equal(Exchange(&Request, &Reply), NCP_E_NO_SUCH_OBJECT);
    LoginKey(Connection, 3, First);
    assert_int_equal(KeyedLogin(Connection, 4, "MMTA", 0x0B000001, "WRONG", First),
                     NCP_E_BAD_PASSWORD);
    /* The key served its one attempt: the right answer to it is too late. */
    assert_int_equal(KeyedLogin(Connection, 5, "MMTA", 0x0B000001, "MAILAGENT", First),
                     NCP_E_FAILURE);
    for (Attempt = 0; Attempt < 2; Attempt++) {
        LoginKey(Connection, (UCHAR)(6 + 2 * Attempt), Key);
        assert_memory_not_equal(Key, First, sizeof(Key));
        assert_int_equal(KeyedLogin(Connection, (UCHAR)(7 + 2 * Attempt), "MMTA", 0x0B000001,
                                    "WRONG", Key), NCP_E_BAD_PASSWORD);
    }
    LoginKey(Connection, 10, Key);
    assert_int_equal(KeyedLogin(Connection, 11, "MMTA", 0x0B000001, "MAILAGENT", Key),
                     NCP_E_INTRUDER_LOCKOUT);
    assert_int_equal(Login(Connection, 12, "SECRET"), NCP_OK);  /* others are not locked */
    assert_int_equal(PlainLogin(Connection, 14, "SECRET"), NCP_E_UNENCRYPTED_REFUSED);
    Server.Options.AllowUnencrypted = TRUE;
    assert_int_equal(PlainLogin(Connection, 15, "WRONG"), NCP_E_BAD_PASSWORD);
    assert_int_equal(PlainLogin(Connection, 16, "secret"), NCP_OK);
    /* Deterministic keys: the same first key after a reset. */
    assert_int_equal(NsReset(&Server, 0), 0);
    Connection = Connect();
    LoginKey(Connection, 1, Key);
    assert_memory_equal(Key, First, sizeof(Key));
}

static void test_open_file_rules(void **state)
{
    USHORT Connection = Connect();
    NCP_REQUEST Request;
    NCP_REPLY Reply;
    UCHAR Handle, File[NCP_FILE_HANDLE_LENGTH];
    static const UCHAR Data[2] = { 'h', 'i' };

    Login(Connection, 1, "SECRET");
    AllocDir(Connection, 3, "SYS:PUBLIC", &Handle);
    Request = Make(NCP_TYPE_REQUEST, 4, Connection, NCP_OPEN_FILE, 0);
    Request.u.Open.DirHandle = Handle;
    Request.u.Open.AccessRights = NCP_ACCESS_READ;
    NcpSetString(&Request.u.Open.Name, "readme.txt");
    assert_int_equal(Exchange(&Request, &Reply), NCP_OK);
    assert_string_equal(Reply.u.File.Name, "README.TXT");
    memcpy(File, Reply.u.File.Handle, sizeof(File));
    Request = Make(NCP_TYPE_REQUEST, 5, Connection, NCP_WRITE_FILE, 0);
    memcpy(Request.u.Io.Handle, File, sizeof(File));
    Request.u.Io.Count = 2;
    Request.u.Io.Data = Data;
    assert_int_equal(Exchange(&Request, &Reply), NCP_E_NO_WRITE);
    Request = Make(NCP_TYPE_REQUEST, 6, Connection, NCP_ERASE_FILE, 0);
    Request.u.Open.DirHandle = Handle;
    NcpSetString(&Request.u.Open.Name, "README.TXT");
    assert_int_equal(Exchange(&Request, &Reply), NCP_E_ALL_IN_USE);   /* open here */
}

static void test_busy_then_reply(void **state)
{
    NCP_REQUEST Request;
    NCP_REPLY Reply;
    UCHAR Buffer[64];
    ULONG Length;
    USHORT Connection;

    Server.Options.Busy = 2;
    Connection = Connect();
    Request = Make(NCP_TYPE_REQUEST, 1, Connection, NCP_END_OF_JOB, 0);
    NcpEncodeRequest(Buffer, sizeof(Buffer), &Request, &Length);
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4100, Buffer, Length), 1);
    SentReplyHeader(0, &Reply.Header);
    assert_int_equal(Reply.Header.Type, NCP_TYPE_BUSY);
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4100, Buffer, 7), 1);
    SentReplyHeader(0, &Reply.Header);
    assert_int_equal(Reply.Header.Type, NCP_TYPE_BUSY);
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4100, Buffer, 7), 1);
    SentReplyHeader(0, &Reply.Header);
    assert_int_equal(Reply.Header.Type, NCP_TYPE_REPLY);
}

static void test_silent_after(void **state)
{
    NCP_REQUEST Request;
    UCHAR Buffer[64];
    ULONG Length;
    USHORT Connection;

    Server.Options.SilentAfter = 2;
    Connection = Connect();                 /* NCP packet 1 */
    Request = Make(NCP_TYPE_REQUEST, 1, Connection, NCP_END_OF_JOB, 0);
    NcpEncodeRequest(Buffer, sizeof(Buffer), &Request, &Length);
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4100, Buffer, Length), 1);
    Request.Header.Sequence = 2;
    NcpEncodeRequest(Buffer, sizeof(Buffer), &Request, &Length);
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4100, Buffer, Length), 0);
}

/* The first Read File silences its connection, and only it; create and
   destroy are still answered. */
static void test_silent_at_read(void **state)
{
    NCP_REQUEST Request;
    UCHAR Buffer[64];
    ULONG Length;
    USHORT Silenced, Other;

    Server.Options.SilentAtRead = 1;
    Silenced = Connect();
    Other = Connect();
    Request = Make(NCP_TYPE_REQUEST, 1, Silenced, NCP_READ_FILE, 0);
    Request.u.Io.Count = 16;
    NcpEncodeRequest(Buffer, sizeof(Buffer), &Request, &Length);
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4100, Buffer, Length), 0);
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4100, Buffer, Length), 0);   /* resent */
    Request = Make(NCP_TYPE_REQUEST, 2, Silenced, NCP_END_OF_JOB, 0);
    NcpEncodeRequest(Buffer, sizeof(Buffer), &Request, &Length);
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4100, Buffer, Length), 0);
    Request = Make(NCP_TYPE_REQUEST, 1, Other, NCP_READ_FILE, 0);    /* the second read */
    Request.u.Io.Count = 16;
    NcpEncodeRequest(Buffer, sizeof(Buffer), &Request, &Length);
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4100, Buffer, Length), 1);
    Request = Make(NCP_TYPE_DESTROY, 3, Silenced, 0, 0);
    NcpEncodeRequest(Buffer, sizeof(Buffer), &Request, &Length);
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4100, Buffer, Length), 1);
}

/* A reset needs the harness's key; without it nothing happens, unseen. */
static void test_control_reset(void **state)
{
    NCP_CONTROL Control = { NCP_CONTROL_RESET, 0, 9, "harness" }, Answer;
    UCHAR Buffer[NCP_CONTROL_LENGTH];
    char Path[NS_HOST_PATH_MAX];
    const UCHAR *Payload;
    ULONG Length;

    Connect();
    assert_true(snprintf(Path, sizeof(Path), "%s/SYS/PUBLIC/README.TXT",
                         Server.Options.Root) < (int)sizeof(Path));
    assert_int_equal(unlink(Path), 0);
    NcpEncodeControl(Buffer, sizeof(Buffer), &Control, &Length);
    assert_int_equal(Deliver(NCP_CONTROL_SOCKET, 0x4100, Buffer, Length), 0);
    memcpy(Server.Options.ControlKey, "harnesS", NCP_CONTROL_KEY_LENGTH);
    Server.Options.HaveControlKey = TRUE;
    assert_int_equal(Deliver(NCP_CONTROL_SOCKET, 0x4100, Buffer, Length), 0);
    assert_int_equal(NsConnectionsInUse(&Server), 1);
    memcpy(Server.Options.ControlKey, "harness", NCP_CONTROL_KEY_LENGTH);
    assert_int_equal(Deliver(NCP_CONTROL_SOCKET, 0x4100, Buffer, Length), 1);
    Payload = SentPayload(0, &Length);
    assert_int_equal(NcpDecodeControl(Payload, Length, &Answer), 0);
    assert_int_equal(Answer.Operation, NCP_CONTROL_RESET | NCP_CONTROL_REPLY);
    assert_int_equal(Answer.Result, 0);
    assert_int_equal(Server.Epoch, 9);
    assert_int_equal(NsConnectionsInUse(&Server), 0);
    assert_int_equal(access(Path, R_OK), 0);     /* restored */
    assert_int_equal(Connect(), 1);              /* numbering restarts */
}

/* The echo: N bytes back (N the first word), the request's bytes first;
   more than the request only under --bench-echo. */
static void test_echo(void **state)
{
    UCHAR Request[21] = { 0x04, 0x0A, 0x5A }, Zeros[1034 - 21] = { 0 };
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    const UCHAR *Payload;
    ULONG Length;

    assert_int_equal(Deliver(NCP_ECHO_SOCKET, 0x4100, Request, sizeof(Request)), 1);
    Payload = SentPayload(0, &Length);
    assert_int_equal(Length, sizeof(Request));   /* never more than it was sent */
    Server.Options.BenchEcho = TRUE;
    assert_int_equal(Deliver(NCP_ECHO_SOCKET, 0x4100, Request, sizeof(Request)), 1);
    assert_int_equal(IpxParseFrame(Sent[0], SentLength[0], &Eth, &Ipx, &Payload,
                                   &Length), STATUS_SUCCESS);
    assert_int_equal(Length, 1034);
    assert_int_equal(Ipx.PacketType, IPX_TYPE_NCP);
    assert_int_equal(Ipx.Source.Socket, NCP_ECHO_SOCKET);
    assert_int_equal(Ipx.Destination.Socket, 0x4100);
    assert_memory_equal(Payload, Request, sizeof(Request));
    assert_memory_equal(Payload + sizeof(Request), Zeros, sizeof(Zeros));
    Request[0] = 0;
    Request[1] = 4;                              /* shorter than the request */
    assert_int_equal(Deliver(NCP_ECHO_SOCKET, 0x4100, Request, sizeof(Request)), 1);
    Payload = SentPayload(0, &Length);
    assert_int_equal(Length, 4);
    assert_memory_equal(Payload, Request, 4);
    Request[1] = 1;                              /* below the minimum */
    assert_int_equal(Deliver(NCP_ECHO_SOCKET, 0x4100, Request, sizeof(Request)), 0);
    Request[0] = 0x05;
    Request[1] = 0xBF;                           /* 1471: past an IPX packet */
    assert_int_equal(Deliver(NCP_ECHO_SOCKET, 0x4100, Request, sizeof(Request)), 0);
    Request[1] = 0xBE;                           /* 1470: the most */
    assert_int_equal(Deliver(NCP_ECHO_SOCKET, 0x4100, Request, sizeof(Request)), 1);
    assert_int_equal(Deliver(NCP_ECHO_SOCKET, 0x4100, Request, 1), 0);
}

/* Bound to 802.2, the server answers 802.2 in 802.2 and nothing else;
   the echo stops at what one 802.2 packet carries. */
static void test_one_framing(void **state)
{
    static const UCHAR Query[4] = { 0, SAP_NEAREST_QUERY, 0, 4 };
    UCHAR Echo[2] = { 0x05, 0xBB };              /* 1467: 802.2's most */
    ETH_HEADER Eth;
    IPX_HEADER Ipx;
    const UCHAR *Payload;
    ULONG Framing, Length;

    for (Framing = 0; Framing < IpxFrameTypeCount; Framing++)
        assert_int_equal(DeliverIn((IPX_FRAME_TYPE)Framing, IPX_SOCKET_SAP, 0x4100, Query,
                                   sizeof(Query)), Framing == IpxFrame8022);
    assert_int_equal(DeliverIn(IpxFrame8022, IPX_SOCKET_SAP, 0x4100, Query, sizeof(Query)), 1);
    assert_int_equal(IpxParseFrame(Sent[0], SentLength[0], &Eth, &Ipx, &Payload, &Length),
                     STATUS_SUCCESS);
    assert_int_equal(Eth.Frame, IpxFrame8022);
    assert_int_equal(Eth.Length, LLC_HEADER_LENGTH + Ipx.Length);
    assert_int_equal(Connect(), 1);              /* NCP in 802.2 */
    assert_int_equal(DeliverIn(IpxFrameEthernetII, IPX_SOCKET_NCP, 0x4100,
                               (const UCHAR *)"\x11\x11\x00\xFF\x01\xFF\x00", 7), 0);
    Server.Options.BenchEcho = TRUE;
    assert_int_equal(Deliver(NCP_ECHO_SOCKET, 0x4100, Echo, sizeof(Echo)), 1);
    assert_int_equal(SentLength[0], ETH_MAX_FRAME);
    Echo[1] = 0xBC;                              /* one more: no 802.2 frame holds it */
    assert_int_equal(Deliver(NCP_ECHO_SOCKET, 0x4100, Echo, sizeof(Echo)), 0);
}

/* On a hub beside smbserv: a frame to NTSERVER's MAC is another station's,
   whatever its socket; a broadcast is everyone's. */
static void test_frames_for_another_station(void **state)
{
    static const UCHAR SmbServer[6] = { 0x02, 0x4E, 0x54, 0x00, 0x00, 0x01 };
    static const UCHAR Broadcast[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
    static const UCHAR Nearest[] = { 0, 3, 0, 4 };
    static const UCHAR Create[] = { 0x11, 0x11, 0x00, 0xFF, 0x01, 0xFF, 0x00 };

    DestinationMac = SmbServer;
    assert_int_equal(Deliver(IPX_SOCKET_SAP, 0x4100, Nearest, sizeof(Nearest)), 0);
    assert_int_equal(Deliver(IPX_SOCKET_NCP, 0x4100, Create, sizeof(Create)), 0);
    assert_int_equal(Deliver(0x0550, 0x4100, Create, sizeof(Create)), 0);
    DestinationMac = Broadcast;
    assert_int_equal(Deliver(IPX_SOCKET_SAP, 0x4100, Nearest, sizeof(Nearest)), 1);
    DestinationMac = NULL;
    assert_int_equal(Connect(), 1);              /* the frame to smbserv made none */
}

int main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test_setup_teardown(test_sap_and_rip, SetupPlain, Teardown),
        cmocka_unit_test_setup_teardown(test_connections_and_sequences,
                                        SetupPlain, Teardown),
        cmocka_unit_test_setup_teardown(test_clear_connection, SetupPlain, Teardown),
        cmocka_unit_test_setup_teardown(test_bad_requests_get_completion_codes,
                                        SetupPlain, Teardown),
        cmocka_unit_test_setup_teardown(test_login_rules_and_paths,
                                        SetupPlain, Teardown),
        cmocka_unit_test(test_wildcards),
        cmocka_unit_test_setup_teardown(test_keyed_login, SetupDeterministic, Teardown),
        cmocka_unit_test_setup_teardown(test_open_file_rules, SetupPlain,
                                        Teardown),
        cmocka_unit_test_setup_teardown(test_busy_then_reply, SetupPlain,
                                        Teardown),
        cmocka_unit_test_setup_teardown(test_silent_after, SetupPlain, Teardown),
        cmocka_unit_test_setup_teardown(test_silent_at_read, SetupPlain, Teardown),
        cmocka_unit_test_setup_teardown(test_control_reset, SetupPlain,
                                        Teardown),
        cmocka_unit_test_setup_teardown(test_echo, SetupPlain, Teardown),
        cmocka_unit_test_setup_teardown(test_one_framing, Setup8022, Teardown),
        cmocka_unit_test_setup_teardown(test_frames_for_another_station, SetupPlain,
                                        Teardown),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
