/*
 * test_smbwire.c - cmocka tests of the SMB codec (drivers/lanman/smbwire.c):
 * byte-exact headers (the connectionless fields where a signature would
 * be) and bodies, round trips of every request and reply, NMPI, the error
 * table, and rejection of truncated, lying and mislabelled messages.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "drivers/ipx/ipxwire.h"
#include "drivers/lanman/smbwire.h"

static const UCHAR Data[] = "the postoffice's bytes";

static SMB_REQUEST MakeRequest(UCHAR Command)
{
    SMB_REQUEST Request;

    memset(&Request, 0, sizeof(Request));
    Request.Header.Command = Command;
    Request.Header.Flags = SMB_FLAGS_CASELESS;
    Request.Header.Key = 0x11223344;
    Request.Header.Sid = 7;
    Request.Header.SequenceNumber = 9;
    Request.Header.Tid = 0x0101;
    Request.Header.Pid = 0x0202;
    Request.Header.Uid = 0x0303;
    Request.Header.Mid = 0x0404;
    return Request;
}

static SMB_REPLY MakeReply(UCHAR Command)
{
    SMB_REPLY Reply;

    memset(&Reply, 0, sizeof(Reply));
    Reply.Header.Command = Command;
    Reply.Header.Flags = SMB_FLAGS_REPLY;
    Reply.Header.Sid = 7;
    Reply.Header.SequenceNumber = 9;
    return Reply;
}

/* Encode, decode, encode again: the same bytes both times. */
static ULONG RequestRoundTrip(const SMB_REQUEST *Request, PSMB_REQUEST Back, PUCHAR Buffer)
{
    UCHAR Again[SMB_MAX_MESSAGE];
    ULONG Length = 0, Rewritten = 0;

    assert_int_equal(SmbEncodeRequest(Buffer, SMB_MAX_MESSAGE, Request, &Length),
                     STATUS_SUCCESS);
    assert_int_equal(SmbDecodeRequest(Buffer, Length, Back), STATUS_SUCCESS);
    assert_int_equal(SmbEncodeRequest(Again, sizeof(Again), Back, &Rewritten), STATUS_SUCCESS);
    assert_int_equal(Rewritten, Length);
    assert_memory_equal(Again, Buffer, Length);
    return Length;
}

static ULONG ReplyRoundTrip(const SMB_REPLY *Reply, PSMB_REPLY Back, PUCHAR Buffer)
{
    UCHAR Again[SMB_MAX_MESSAGE];
    ULONG Length = 0, Rewritten = 0;

    assert_int_equal(SmbEncodeReply(Buffer, SMB_MAX_MESSAGE, Reply, &Length), STATUS_SUCCESS);
    assert_int_equal(SmbDecodeReply(Buffer, Length, Back), STATUS_SUCCESS);
    assert_int_equal(SmbEncodeReply(Again, sizeof(Again), Back, &Rewritten), STATUS_SUCCESS);
    assert_int_equal(Rewritten, Length);
    assert_memory_equal(Again, Buffer, Length);
    return Length;
}

static void test_header_carries_the_connectionless_fields(void **state)
{
    SMB_REQUEST Request = MakeRequest(SMB_COM_TREE_DISCONNECT), Back;
    UCHAR Buffer[SMB_MAX_MESSAGE];
    static const UCHAR Expected[] = {
        0xFF, 'S', 'M', 'B', 0x71, 0, 0, 0, 0, 0x08, 0, 0, 0, 0,
        0x44, 0x33, 0x22, 0x11,             /* Key */
        7, 0,                               /* Sid */
        9, 0,                               /* SequenceNumber */
        0, 0, 1, 1, 2, 2, 3, 3, 4, 4,       /* Gid, Tid, Pid, Uid, Mid */
        0, 0, 0,                            /* no words, no bytes */
    };

    assert_int_equal(RequestRoundTrip(&Request, &Back, Buffer), sizeof(Expected));
    assert_memory_equal(Buffer, Expected, sizeof(Expected));
    assert_int_equal(Back.Header.Key, 0x11223344);
    assert_int_equal(Back.Header.SequenceNumber, 9);
}

static void test_negotiate_request_lists_dialects(void **state)
{
    SMB_REQUEST Request = MakeRequest(SMB_COM_NEGOTIATE), Back;
    UCHAR Buffer[SMB_MAX_MESSAGE];
    ULONG Length;

    Request.u.Negotiate.DialectCount = 2;
    strcpy(Request.u.Negotiate.Dialects[0], SMB_DIALECT_CORE);
    strcpy(Request.u.Negotiate.Dialects[1], SMB_DIALECT_LANMAN);
    Length = RequestRoundTrip(&Request, &Back, Buffer);
    assert_int_equal(Length, SMB_HEADER_LENGTH + 3 + 24 + 11);
    assert_int_equal(Buffer[SMB_HEADER_LENGTH + 3], 0x02);
    assert_int_equal(Back.u.Negotiate.DialectCount, 2);
    assert_string_equal(Back.u.Negotiate.Dialects[1], "LANMAN1.0");
    Request.u.Negotiate.DialectCount = 0;
    assert_int_equal(SmbEncodeRequest(Buffer, sizeof(Buffer), &Request, &Length),
                     STATUS_INVALID_PARAMETER);
}

static void test_negotiate_replies_core_and_lanman(void **state)
{
    SMB_REPLY Reply = MakeReply(SMB_COM_NEGOTIATE), Back;
    UCHAR Buffer[SMB_MAX_MESSAGE];

    Reply.u.Negotiate.DialectIndex = 0;
    assert_int_equal(ReplyRoundTrip(&Reply, &Back, Buffer), SMB_HEADER_LENGTH + 5);
    assert_false(Back.u.Negotiate.LanMan);
    Reply.u.Negotiate.LanMan = TRUE;
    Reply.u.Negotiate.DialectIndex = 1;
    Reply.u.Negotiate.SecurityMode = SMB_SECURITY_USER;
    Reply.u.Negotiate.MaxBufferSize = SMB_MAX_MESSAGE;
    Reply.u.Negotiate.SessionKey = 0xCAFE;
    Reply.u.Negotiate.KeyLength = 8;
    memcpy(Reply.u.Negotiate.Key, "ABCDEFGH", 8);
    assert_int_equal(ReplyRoundTrip(&Reply, &Back, Buffer), SMB_HEADER_LENGTH + 1 + 26 + 2 + 8);
    assert_true(Back.u.Negotiate.LanMan);
    assert_int_equal(Back.u.Negotiate.MaxBufferSize, SMB_MAX_MESSAGE);
    assert_memory_equal(Back.u.Negotiate.Key, "ABCDEFGH", 8);
    Reply.u.Negotiate.KeyLength = 9;
    assert_int_equal(SmbEncodeReply(Buffer, sizeof(Buffer), &Reply, &(ULONG){ 0 }),
                     STATUS_INVALID_PARAMETER);
}

static void test_session_and_tree_requests_round_trip(void **state)
{
    SMB_REQUEST Request = MakeRequest(SMB_COM_SESSION_SETUP_ANDX), Back;
    UCHAR Buffer[SMB_MAX_MESSAGE];

    Request.u.SessionSetup.AndX.Command = SMB_NO_ANDX;
    Request.u.SessionSetup.MaxBufferSize = 1024;
    Request.u.SessionSetup.PasswordLength = 6;
    memcpy(Request.u.SessionSetup.Password, "SECRET", 6);
    strcpy(Request.u.SessionSetup.Account, "SUPERVISOR");
    RequestRoundTrip(&Request, &Back, Buffer);
    assert_memory_equal(Back.u.SessionSetup.Password, "SECRET", 6);
    assert_string_equal(Back.u.SessionSetup.Account, "SUPERVISOR");

    Request = MakeRequest(SMB_COM_TREE_CONNECT_ANDX);
    Request.u.TreeConnect.AndX.Command = SMB_NO_ANDX;
    Request.u.TreeConnect.PasswordLength = 1;
    strcpy(Request.u.TreeConnect.Path, "\\\\NTSERVER\\MAIL");
    strcpy(Request.u.TreeConnect.Service, "A:");
    RequestRoundTrip(&Request, &Back, Buffer);
    assert_string_equal(Back.u.TreeConnect.Path, "\\\\NTSERVER\\MAIL");
    assert_string_equal(Back.u.TreeConnect.Service, "A:");

    Request = MakeRequest(SMB_COM_TREE_CONNECT);
    strcpy(Request.u.TreeConnect.Path, "\\\\NTSERVER\\MAIL");
    strcpy((PCHAR)Request.u.TreeConnect.Password, "SECRET");
    strcpy(Request.u.TreeConnect.Service, "?????");
    RequestRoundTrip(&Request, &Back, Buffer);
    assert_int_equal(Back.u.TreeConnect.PasswordLength, 6);
    assert_string_equal(Back.u.TreeConnect.Service, "?????");
}

static void test_file_requests_round_trip(void **state)
{
    static const UCHAR Commands[] = {
        SMB_COM_OPEN, SMB_COM_OPEN_ANDX, SMB_COM_CREATE, SMB_COM_CREATE_NEW, SMB_COM_CLOSE,
        SMB_COM_FLUSH, SMB_COM_DELETE, SMB_COM_RENAME, SMB_COM_QUERY_INFORMATION,
        SMB_COM_SET_INFORMATION, SMB_COM_READ, SMB_COM_WRITE, SMB_COM_CHECK_DIRECTORY,
        SMB_COM_CREATE_DIRECTORY, SMB_COM_DELETE_DIRECTORY, SMB_COM_QUERY_INFORMATION_DISK,
        SMB_COM_ECHO, SMB_COM_LOGOFF_ANDX, SMB_COM_TREE_DISCONNECT, SMB_COM_SEARCH,
    };
    SMB_REQUEST Request, Back;
    UCHAR Buffer[SMB_MAX_MESSAGE];
    ULONG Index;

    for (Index = 0; Index < ARRAYSIZE(Commands); Index++) {
        Request = MakeRequest(Commands[Index]);
        strcpy(Request.u.Rename.Name, "\\MAILDATA\\X.MAI");
        strcpy(Request.u.Rename.NewName, "\\MAILDATA\\Y.MAI");
        if (Commands[Index] == SMB_COM_OPEN_ANDX)
            strcpy(Request.u.OpenAndX.Name, "\\MAILDATA\\X.MAI");
        if (Commands[Index] == SMB_COM_LOGOFF_ANDX)
            Request.u.Logoff.AndX.Command = SMB_NO_ANDX;
        if (Commands[Index] == SMB_COM_OPEN_ANDX)
            Request.u.OpenAndX.AndX.Command = SMB_NO_ANDX;
        if (Commands[Index] == SMB_COM_WRITE || Commands[Index] == SMB_COM_READ) {
            Request.u.Io.Count = sizeof(Data);
            Request.u.Io.Offset = 0x12345;
            Request.u.Io.Data = Data;
        }
        if (Commands[Index] == SMB_COM_SEARCH)
            Request.u.Search.ResumeKeyLength = 0;   /* the union's NewName lies there */
        if (Commands[Index] == SMB_COM_ECHO) {
            Request.u.Echo.EchoCount = 1;
            Request.u.Echo.DataLength = sizeof(Data);
            Request.u.Echo.Data = Data;
        }
        RequestRoundTrip(&Request, &Back, Buffer);
        assert_int_equal(Back.Header.Command, Commands[Index]);
    }
}

static void test_write_carries_its_data_block(void **state)
{
    SMB_REQUEST Request = MakeRequest(SMB_COM_WRITE), Back;
    UCHAR Buffer[SMB_MAX_MESSAGE];
    ULONG Length;

    Request.u.Io.Fid = 3;
    Request.u.Io.Count = sizeof(Data);
    Request.u.Io.Offset = 100;
    Request.u.Io.Data = Data;
    Length = RequestRoundTrip(&Request, &Back, Buffer);
    assert_int_equal(Length, SMB_HEADER_LENGTH + 1 + 10 + 2 + 3 + sizeof(Data));
    assert_int_equal(Buffer[SMB_HEADER_LENGTH + 13], 0x01);
    assert_memory_equal(Back.u.Io.Data, Data, sizeof(Data));
    assert_int_equal(Back.u.Io.Offset, 100);
    /* The block's length must be the count the words give. */
    Buffer[SMB_HEADER_LENGTH + 14]--;
    assert_int_equal(SmbDecodeRequest(Buffer, Length, &Back), STATUS_INVALID_NETWORK_RESPONSE);
}

static void test_search_resume_key(void **state)
{
    SMB_REQUEST Request = MakeRequest(SMB_COM_SEARCH), Back;
    UCHAR Buffer[SMB_MAX_MESSAGE];
    ULONG Length;

    Request.u.Search.MaxCount = 10;
    Request.u.Search.SearchAttributes = SMB_ATTR_DIRECTORY;
    strcpy(Request.u.Search.Pattern, "\\MAILDATA\\*.*");
    assert_int_equal(RequestRoundTrip(&Request, &Back, Buffer),
                     SMB_HEADER_LENGTH + 1 + 4 + 2 + 1 + 14 + 3);
    Request.u.Search.Pattern[0] = '\0';
    Request.u.Search.ResumeKeyLength = SMB_RESUME_KEY_LENGTH;
    memcpy(Request.u.Search.ResumeKey.Name, "README  TXT", SMB_NAME83_LENGTH);
    Request.u.Search.ResumeKey.ServerState[0] = 4;
    Length = RequestRoundTrip(&Request, &Back, Buffer);
    assert_int_equal(Length, SMB_HEADER_LENGTH + 1 + 4 + 2 + 2 + 3 + 21);
    assert_memory_equal(Back.u.Search.ResumeKey.Name, "README  TXT", SMB_NAME83_LENGTH);
    assert_int_equal(Back.u.Search.ResumeKey.ServerState[0], 4);
    Request.u.Search.ResumeKeyLength = 5;
    assert_int_equal(SmbEncodeRequest(Buffer, sizeof(Buffer), &Request, &Length),
                     STATUS_INVALID_PARAMETER);
}

static void test_search_reply_entries(void **state)
{
    SMB_REPLY Reply = MakeReply(SMB_COM_SEARCH), Back;
    SMB_DIRECTORY_ENTRY Entry, Got;
    UCHAR Buffer[SMB_MAX_MESSAGE], Entries[2 * SMB_DIRECTORY_ENTRY_LENGTH];
    ULONG Index;

    for (Index = 0; Index < 2; Index++) {
        memset(&Entry, 0, sizeof(Entry));
        memcpy(Entry.ResumeKey.Name, Index ? "SAMPLE  DAT" : "README  TXT", 11);
        strcpy(Entry.FileName, Index ? "SAMPLE.DAT" : "README.TXT");
        Entry.FileAttributes = SMB_ATTR_ARCHIVE;
        Entry.FileSize = 1000 + Index;
        assert_int_equal(SmbEncodeDirectoryEntry(Entries + Index * SMB_DIRECTORY_ENTRY_LENGTH,
                                                 SMB_DIRECTORY_ENTRY_LENGTH, &Entry),
                         STATUS_SUCCESS);
    }
    Reply.u.Search.Count = 2;
    Reply.u.Search.Data = Entries;
    assert_int_equal(ReplyRoundTrip(&Reply, &Back, Buffer),
                     SMB_HEADER_LENGTH + 3 + 2 + 3 + 2 * SMB_DIRECTORY_ENTRY_LENGTH);
    assert_int_equal(SmbDecodeDirectoryEntry(Back.u.Search.Data + SMB_DIRECTORY_ENTRY_LENGTH,
                                             SMB_DIRECTORY_ENTRY_LENGTH, &Got),
                     STATUS_SUCCESS);
    assert_string_equal(Got.FileName, "SAMPLE.DAT");
    assert_int_equal(Got.FileSize, 1001);
    strcpy(Entry.FileName, "THIRTEEN.CHR");
    assert_int_equal(SmbEncodeDirectoryEntry(Entries, SMB_DIRECTORY_ENTRY_LENGTH, &Entry),
                     STATUS_SUCCESS);
    Entries[SMB_DIRECTORY_ENTRY_LENGTH - 1] = 'X';          /* no NUL left */
    assert_int_equal(SmbDecodeDirectoryEntry(Entries, SMB_DIRECTORY_ENTRY_LENGTH, &Got),
                     STATUS_INVALID_NETWORK_RESPONSE);
}

static void test_replies_round_trip(void **state)
{
    static const UCHAR Commands[] = {
        SMB_COM_SESSION_SETUP_ANDX, SMB_COM_TREE_CONNECT, SMB_COM_TREE_CONNECT_ANDX,
        SMB_COM_OPEN, SMB_COM_OPEN_ANDX, SMB_COM_CREATE, SMB_COM_CREATE_NEW, SMB_COM_CLOSE,
        SMB_COM_FLUSH, SMB_COM_DELETE, SMB_COM_RENAME, SMB_COM_QUERY_INFORMATION,
        SMB_COM_SET_INFORMATION, SMB_COM_READ, SMB_COM_WRITE, SMB_COM_CHECK_DIRECTORY,
        SMB_COM_CREATE_DIRECTORY, SMB_COM_DELETE_DIRECTORY, SMB_COM_QUERY_INFORMATION_DISK,
        SMB_COM_ECHO, SMB_COM_LOGOFF_ANDX, SMB_COM_TREE_DISCONNECT,
    };
    SMB_REPLY Reply, Back;
    UCHAR Buffer[SMB_MAX_MESSAGE];
    ULONG Index;

    for (Index = 0; Index < ARRAYSIZE(Commands); Index++) {
        Reply = MakeReply(Commands[Index]);
        Reply.u.SessionSetup.AndX.Command = SMB_NO_ANDX;    /* every AndX reply's */
        if (Commands[Index] == SMB_COM_TREE_CONNECT_ANDX)
            strcpy(Reply.u.TreeConnectAndX.Service, "A:");
        if (Commands[Index] == SMB_COM_READ) {
            Reply.u.Read.Count = sizeof(Data);
            Reply.u.Read.Data = Data;
        }
        if (Commands[Index] == SMB_COM_ECHO) {
            Reply.u.Echo.SequenceNumber = 1;
            Reply.u.Echo.DataLength = sizeof(Data);
            Reply.u.Echo.Data = Data;
        }
        ReplyRoundTrip(&Reply, &Back, Buffer);
        assert_int_equal(Back.Header.Command, Commands[Index]);
    }
}

static void test_an_error_reply_has_no_body(void **state)
{
    SMB_REPLY Reply = MakeReply(SMB_COM_OPEN), Back;
    UCHAR Buffer[SMB_MAX_MESSAGE];

    Reply.Header.ErrorClass = SMB_ERRDOS;
    Reply.Header.Error = SMB_ERRbadfile;
    Reply.u.Open.Fid = 5;                           /* not sent */
    assert_int_equal(ReplyRoundTrip(&Reply, &Back, Buffer), SMB_HEADER_LENGTH + 3);
    assert_int_equal(Back.u.Open.Fid, 0);
    assert_int_equal(SmbErrorToStatus(Back.Header.ErrorClass, Back.Header.Error),
                     STATUS_OBJECT_NAME_NOT_FOUND);
}

static void test_error_table(void **state)
{
    assert_int_equal(SmbErrorToStatus(SMB_SUCCESS, 0), STATUS_SUCCESS);
    assert_int_equal(SmbErrorToStatus(SMB_ERRSRV, SMB_ERRbadpw), STATUS_WRONG_PASSWORD);
    assert_int_equal(SmbErrorToStatus(SMB_ERRSRV, SMB_ERRinvnetname), STATUS_BAD_NETWORK_NAME);
    assert_int_equal(SmbErrorToStatus(SMB_ERRDOS, SMB_ERRbadpath), STATUS_OBJECT_PATH_NOT_FOUND);
    assert_int_equal(SmbErrorToStatus(SMB_ERRDOS, SMB_ERRnoaccess), STATUS_ACCESS_DENIED);
    assert_int_equal(SmbErrorToStatus(SMB_ERRDOS, SMB_ERRfilexists),
                     STATUS_OBJECT_NAME_COLLISION);
    assert_int_equal(SmbErrorToStatus(SMB_ERRDOS, SMB_ERRnofiles), STATUS_NO_MORE_FILES);
    assert_int_equal(SmbErrorToStatus(SMB_ERRSRV, SMB_ERRbaduid), STATUS_USER_SESSION_DELETED);
    assert_int_equal(SmbErrorToStatus(SMB_ERRHRD, SMB_ERRdiskfull), STATUS_DISK_FULL);
    assert_int_equal(SmbErrorToStatus(SMB_ERRDOS, 999), STATUS_UNEXPECTED_NETWORK_ERROR);
    assert_string_equal(SmbCommandName(SMB_COM_SEARCH), "SEARCH");
    assert_string_equal(SmbCommandName(0xEE), "UNKNOWN");
}

/* A decodable request, then the same bytes damaged one way at a time. */
static void test_malformed_requests_are_refused(void **state)
{
    SMB_REQUEST Request = MakeRequest(SMB_COM_OPEN), Back;
    UCHAR Buffer[SMB_MAX_MESSAGE], Bad[SMB_MAX_MESSAGE];
    ULONG Length, Cut;

    strcpy(Request.u.Open.Name, "\\A.TXT");
    Length = RequestRoundTrip(&Request, &Back, Buffer);
    for (Cut = 0; Cut < Length; Cut++)
        assert_int_equal(SmbDecodeRequest(Buffer, Cut, &Back), STATUS_INVALID_NETWORK_RESPONSE);
    memcpy(Bad, Buffer, Length);
    Bad[1] = 'X';                                   /* not SMB */
    assert_int_equal(SmbDecodeRequest(Bad, Length, &Back), STATUS_INVALID_NETWORK_RESPONSE);
    memcpy(Bad, Buffer, Length);
    Bad[SMB_HEADER_LENGTH] = 3;                     /* OPEN has 2 words */
    assert_int_equal(SmbDecodeRequest(Bad, Length, &Back), STATUS_INVALID_NETWORK_RESPONSE);
    memcpy(Bad, Buffer, Length);
    Bad[SMB_HEADER_LENGTH + 5]++;                   /* a byte count that lies */
    assert_int_equal(SmbDecodeRequest(Bad, Length, &Back), STATUS_INVALID_NETWORK_RESPONSE);
    memcpy(Bad, Buffer, Length);
    Bad[SMB_HEADER_LENGTH + 7] = 0x03;              /* not an ASCII string */
    assert_int_equal(SmbDecodeRequest(Bad, Length, &Back), STATUS_INVALID_NETWORK_RESPONSE);
    memcpy(Bad, Buffer, Length);
    Bad[Length - 1] = 'X';                          /* the name's NUL gone */
    assert_int_equal(SmbDecodeRequest(Bad, Length, &Back), STATUS_INVALID_NETWORK_RESPONSE);
    memcpy(Bad, Buffer, Length);
    Bad[9] |= SMB_FLAGS_REPLY;                      /* a reply, not a request */
    assert_int_equal(SmbDecodeRequest(Bad, Length, &Back), STATUS_INVALID_NETWORK_RESPONSE);
    assert_int_equal(SmbDecodeReply(Bad, Length, (PSMB_REPLY)&Back),
                     STATUS_INVALID_NETWORK_RESPONSE);
    memcpy(Bad, Buffer, Length);
    Bad[Length] = 0;                                /* a byte past the count */
    assert_int_equal(SmbDecodeRequest(Bad, Length + 1, &Back), STATUS_INVALID_NETWORK_RESPONSE);
    assert_int_equal(SmbEncodeRequest(Bad, Length - 1, &Request, &Cut), STATUS_BUFFER_TOO_SMALL);
}

static void test_unknown_and_chained_commands_are_not_implemented(void **state)
{
    SMB_REQUEST Request = MakeRequest(SMB_COM_LOGOFF_ANDX), Back;
    UCHAR Buffer[SMB_MAX_MESSAGE];
    ULONG Length;

    Request.u.Logoff.AndX.Command = SMB_NO_ANDX;
    Length = RequestRoundTrip(&Request, &Back, Buffer);
    Buffer[SMB_HEADER_LENGTH + 1] = SMB_COM_TREE_DISCONNECT;     /* chained */
    assert_int_equal(SmbDecodeRequest(Buffer, Length, &Back), STATUS_NOT_IMPLEMENTED);
    assert_int_equal(Back.Header.Mid, 0x0404);
    Buffer[4] = 0xA0;                                             /* NT_TRANSACT */
    assert_int_equal(SmbDecodeRequest(Buffer, Length, &Back), STATUS_NOT_IMPLEMENTED);
    assert_int_equal(Back.Header.Command, 0xA0);
    assert_int_equal(Back.Header.Sid, 7);
    Request.u.Logoff.AndX.Command = SMB_COM_TREE_DISCONNECT;
    assert_int_equal(SmbEncodeRequest(Buffer, sizeof(Buffer), &Request, &Length),
                     STATUS_INVALID_PARAMETER);
}

static void test_limits_are_refused_both_ways(void **state)
{
    SMB_REQUEST Request = MakeRequest(SMB_COM_SESSION_SETUP_ANDX), Back;
    UCHAR Buffer[SMB_MAX_MESSAGE];
    ULONG Length, Index;

    Request.u.SessionSetup.AndX.Command = SMB_NO_ANDX;
    Request.u.SessionSetup.PasswordLength = SMB_MAX_PASSWORD + 1;
    assert_int_equal(SmbEncodeRequest(Buffer, sizeof(Buffer), &Request, &Length),
                     STATUS_INVALID_PARAMETER);
    Request.u.SessionSetup.PasswordLength = SMB_MAX_PASSWORD;
    Length = RequestRoundTrip(&Request, &Back, Buffer);
    Buffer[SMB_HEADER_LENGTH + 15] = SMB_MAX_PASSWORD + 1;
    assert_int_equal(SmbDecodeRequest(Buffer, Length, &Back), STATUS_INVALID_NETWORK_RESPONSE);

    Request = MakeRequest(SMB_COM_NEGOTIATE);
    Request.u.Negotiate.DialectCount = SMB_MAX_DIALECTS;
    for (Index = 0; Index < SMB_MAX_DIALECTS; Index++)
        strcpy(Request.u.Negotiate.Dialects[Index], "XENIX CORE");
    Length = RequestRoundTrip(&Request, &Back, Buffer);
    memcpy(Buffer + Length, "\x02X", 3);                          /* a 13th dialect */
    Buffer[SMB_HEADER_LENGTH + 1] += 3;
    assert_int_equal(SmbDecodeRequest(Buffer, Length + 3, &Back),
                     STATUS_INVALID_NETWORK_RESPONSE);
    memset(Request.u.Open.Name, 'A', sizeof(Request.u.Open.Name));
    Request.Header.Command = SMB_COM_OPEN;
    assert_int_equal(SmbEncodeRequest(Buffer, sizeof(Buffer), &Request, &Length),
                     STATUS_INVALID_PARAMETER);
}

static void test_name_query_and_answer(void **state)
{
    SMB_NAME_MESSAGE Message, Back;
    UCHAR Buffer[128];
    ULONG Length;

    memset(&Message, 0, sizeof(Message));
    Message.Opcode = SMB_NAME_QUERY;
    Message.NameType = SMB_NAME_MACHINE;
    Message.MessageId = 0x0102;
    assert_int_equal(SmbSetNetbiosName(Message.Name, "ntserver", SMB_SUFFIX_SERVER),
                     STATUS_SUCCESS);
    assert_memory_equal(Message.Name, "NTSERVER       \x20", 16);
    assert_int_equal(SmbSetNetbiosName(Message.SourceName, "IRPLAB", 0), STATUS_SUCCESS);
    assert_int_equal(SmbEncodeName(Buffer, sizeof(Buffer), &Message, &Length), STATUS_SUCCESS);
    assert_int_equal(Length, SMB_NAME_MESSAGE_LENGTH);
    assert_int_equal(Buffer[32], 0xF3);
    assert_int_equal(Buffer[34], 0x02);
    assert_int_equal(SmbDecodeName(Buffer, Length, &Back), STATUS_SUCCESS);
    assert_memory_equal(&Back, &Message, sizeof(Message));
    assert_int_equal(SmbDecodeName(Buffer, Length - 1, &Back), STATUS_INVALID_NETWORK_RESPONSE);
    assert_int_equal(SmbDecodeName(Buffer, Length + 1, &Back), STATUS_INVALID_NETWORK_RESPONSE);
    assert_int_equal(SmbSetNetbiosName(Message.Name, "SIXTEEN-LETTERS!", 0),
                     STATUS_INVALID_PARAMETER);
}

int main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(test_header_carries_the_connectionless_fields),
        cmocka_unit_test(test_negotiate_request_lists_dialects),
        cmocka_unit_test(test_negotiate_replies_core_and_lanman),
        cmocka_unit_test(test_session_and_tree_requests_round_trip),
        cmocka_unit_test(test_file_requests_round_trip),
        cmocka_unit_test(test_write_carries_its_data_block),
        cmocka_unit_test(test_search_resume_key),
        cmocka_unit_test(test_search_reply_entries),
        cmocka_unit_test(test_replies_round_trip),
        cmocka_unit_test(test_an_error_reply_has_no_body),
        cmocka_unit_test(test_error_table),
        cmocka_unit_test(test_malformed_requests_are_refused),
        cmocka_unit_test(test_unknown_and_chained_commands_are_not_implemented),
        cmocka_unit_test(test_limits_are_refused_both_ways),
        cmocka_unit_test(test_name_query_and_answer),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
