/*
 * test_ncpwire.c - cmocka tests of the NCP codec (drivers/nwrdr/ncpwire.c):
 * byte-exact headers and bodies at NetWare's offsets (ncpwire.h), round trips of
 * every function, and rejection of truncated, oversized and lying requests
 * and replies.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "drivers/ipx/ipxwire.h"
#include "drivers/nwrdr/ncpwire.h"

static NCP_REQUEST MakeRequest(UCHAR Function, UCHAR SubFunction)
{
    NCP_REQUEST Request;

    memset(&Request, 0, sizeof(Request));
    Request.Header.Type = NCP_TYPE_REQUEST;
    Request.Header.Sequence = 5;
    Request.Header.Connection = 0x0201;
    Request.Header.Task = 3;
    Request.Header.Function = Function;
    Request.SubFunction = SubFunction;
    return Request;
}

static ULONG Encode(const NCP_REQUEST *Request, PUCHAR Buffer, ULONG Size)
{
    ULONG Written = 0;

    assert_int_equal(NcpEncodeRequest(Buffer, Size, Request, &Written),
                     STATUS_SUCCESS);
    return Written;
}

static void test_request_header_bytes(void **state)
{
    NCP_REQUEST Request = MakeRequest(NCP_NEGOTIATE_BUFFER, 0);
    UCHAR Buffer[32];
    static const UCHAR Expected[] = { 0x22, 0x22, 5, 0x01, 3, 0x02, 0x21,
                                      0x04, 0x00 };

    Request.u.Negotiate.BufferSize = 1024;
    assert_int_equal(Encode(&Request, Buffer, sizeof(Buffer)), 9);
    assert_memory_equal(Buffer, Expected, sizeof(Expected));
}

static void test_login_family_length_and_round_trip(void **state)
{
    NCP_REQUEST Request = MakeRequest(NCP_CONNECTION_SERVICES,
                                      NCP_LOGIN_OBJECT), Back;
    UCHAR Buffer[600];
    ULONG Length;

    Request.u.Login.ObjectType = 1;
    assert_int_equal(NcpSetString(&Request.u.Login.Name, "GUEST"), 0);
    assert_int_equal(NcpSetString(&Request.u.Login.Password, ""), 0);
    Length = Encode(&Request, Buffer, sizeof(Buffer));
    assert_int_equal(Length, 7 + 2 + 1 + 2 + 6 + 1);
    assert_int_equal(Buffer[7], 0);         /* length word = 1 + 9 */
    assert_int_equal(Buffer[8], 10);
    assert_int_equal(Buffer[9], NCP_LOGIN_OBJECT);
    assert_int_equal(Buffer[12], 5);        /* name length at 12 */
    assert_memory_equal(Buffer + 13, "GUEST", 5);
    assert_int_equal(NcpDecodeRequest(Buffer, Length, &Back), STATUS_SUCCESS);
    assert_int_equal(Back.SubFunction, NCP_LOGIN_OBJECT);
    assert_int_equal(Back.Header.Connection, 0x0201);
    assert_string_equal(Back.u.Login.Name.Text, "GUEST");
    assert_int_equal(Back.u.Login.Password.Length, 0);
}

static void test_family_length_that_lies_is_rejected(void **state)
{
    NCP_REQUEST Request = MakeRequest(NCP_DIRECTORY_SERVICES,
                                      NCP_GET_VOLUME_NUMBER), Back;
    UCHAR Buffer[64];
    ULONG Length;

    NcpSetString(&Request.u.VolumeNumber.Name, "SYS");
    Length = Encode(&Request, Buffer, sizeof(Buffer));
    Buffer[8]++;                            /* claims one byte more */
    assert_int_equal(NcpDecodeRequest(Buffer, Length, &Back),
                     STATUS_INVALID_NETWORK_RESPONSE);
    Buffer[8] -= 2;                         /* claims one byte less */
    assert_int_equal(NcpDecodeRequest(Buffer, Length, &Back),
                     STATUS_INVALID_NETWORK_RESPONSE);
    Buffer[8]++;
    Buffer[10] = 4;                         /* string longer than the packet */
    assert_int_equal(NcpDecodeRequest(Buffer, Length, &Back),
                     STATUS_INVALID_NETWORK_RESPONSE);
}

/* One request of every function the codec knows. */
static ULONG SampleRequests(NCP_REQUEST *Out)
{
    static const UCHAR Functions[][2] = {
        { NCP_NEGOTIATE_BUFFER, 0 }, { NCP_GET_VOLUME_INFO, 0 },
        { NCP_END_OF_JOB, 0 }, { NCP_LOGOUT, 0 },
        { NCP_DIRECTORY_SERVICES, NCP_GET_VOLUME_NUMBER },
        { NCP_DIRECTORY_SERVICES, NCP_ALLOC_PERMANENT_DIR },
        { NCP_DIRECTORY_SERVICES, NCP_ALLOC_TEMPORARY_DIR },
        { NCP_DIRECTORY_SERVICES, NCP_DEALLOC_DIR },
        { NCP_CONNECTION_SERVICES, NCP_GET_SERVER_INFO },
        { NCP_CONNECTION_SERVICES, NCP_LOGIN_OBJECT },
        { NCP_CONNECTION_SERVICES, NCP_GET_LOGIN_KEY },
        { NCP_CONNECTION_SERVICES, NCP_KEYED_LOGIN },
        { NCP_CONNECTION_SERVICES, NCP_GET_OBJECT_ID },
        { NCP_CONNECTION_SERVICES, NCP_SCAN_FILE_INFO },
        { NCP_CONNECTION_SERVICES, NCP_CLEAR_CONNECTION },
        { NCP_DIRECTORY_SERVICES, NCP_CREATE_DIRECTORY },
        { NCP_DIRECTORY_SERVICES, NCP_DELETE_DIRECTORY },
        { NCP_RENAME_FILE, 0 }, { NCP_COMMIT_FILE, 0 },
        { NCP_FILE_SEARCH_INIT, 0 }, { NCP_FILE_SEARCH_CONTINUE, 0 },
        { NCP_OPEN_FILE_OLD, 0 }, { NCP_OPEN_FILE, 0 }, { NCP_ERASE_FILE, 0 },
        { NCP_CREATE_FILE, 0 }, { NCP_CREATE_NEW_FILE, 0 },
        { NCP_CLOSE_FILE, 0 }, { NCP_GET_FILE_SIZE, 0 },
        { NCP_READ_FILE, 0 }, { NCP_WRITE_FILE, 0 },
    };
    static const UCHAR Data[3] = { 'a', 'b', 'c' };
    ULONG Index;

    for (Index = 0; Index < ARRAYSIZE(Functions); Index++) {
        Out[Index] = MakeRequest(Functions[Index][0], Functions[Index][1]);
        NcpSetString(&Out[Index].u.Login.Name, "SUPERVISOR");
        NcpSetString(&Out[Index].u.Login.Password, "PW");
        Out[Index].u.Io.Handle[5] = 7;
        Out[Index].u.Io.Offset = 0x01020304;
        Out[Index].u.Io.Count = 3;
        Out[Index].u.Io.Data = Data;
    }
    return Index;
}

static void test_every_request_round_trips_and_rejects_truncation(void **state)
{
    NCP_REQUEST Requests[32], Back;
    UCHAR Buffer[600], Again[600];
    ULONG Count = SampleRequests(Requests), Index, Length, Cut, Written;

    for (Index = 0; Index < Count; Index++) {
        Length = Encode(&Requests[Index], Buffer, sizeof(Buffer));
        assert_int_equal(NcpDecodeRequest(Buffer, Length, &Back),
                         STATUS_SUCCESS);
        assert_int_equal(Back.Header.Function,
                         Requests[Index].Header.Function);
        /* Decoding and re-encoding gives the same bytes. */
        assert_int_equal(NcpEncodeRequest(Again, sizeof(Again), &Back,
                                          &Written), STATUS_SUCCESS);
        assert_int_equal(Written, Length);
        assert_memory_equal(Again, Buffer, Length);
        for (Cut = 0; Cut < Length; Cut++) {
            assert_int_not_equal(NcpDecodeRequest(Buffer, Cut, &Back),
                                 STATUS_SUCCESS);
            assert_int_equal(NcpEncodeRequest(Again, Cut, &Requests[Index],
                                              &Written),
                             STATUS_BUFFER_TOO_SMALL);
        }
        Buffer[Length] = 0;                 /* one byte too many */
        assert_int_equal(NcpDecodeRequest(Buffer, Length + 1, &Back),
                         STATUS_INVALID_NETWORK_RESPONSE);
    }
}

static void test_write_data_points_into_the_packet(void **state)
{
    NCP_REQUEST Requests[32], Back;
    UCHAR Buffer[600];
    ULONG Count = SampleRequests(Requests), Length;

    Length = Encode(&Requests[Count - 1], Buffer, sizeof(Buffer));
    assert_int_equal(Length, 23);
    assert_int_equal(Buffer[13], 7);        /* handle at 8..13 */
    assert_int_equal(Buffer[14], 0x01);     /* offset at 14, big-endian */
    assert_int_equal(Buffer[19], 3);        /* count at 18 */
    assert_int_equal(NcpDecodeRequest(Buffer, Length, &Back), STATUS_SUCCESS);
    assert_ptr_equal(Back.u.Io.Data, Buffer + 20);
    assert_int_equal(Back.u.Io.Offset, 0x01020304);
    Buffer[19] = 4;                         /* count larger than the data */
    assert_int_equal(NcpDecodeRequest(Buffer, Length, &Back),
                     STATUS_INVALID_NETWORK_RESPONSE);
}

/* Not implemented is not malformed: the header survives for the answer. */
static void test_unknown_function_keeps_header(void **state)
{
    static const UCHAR Packet[] = { 0x22, 0x22, 9, 4, 1, 0, 0x57, 1, 2 };
    static const UCHAR Family[] = { 0x22, 0x22, 9, 4, 1, 0, 0x17, 0, 1, 0x99 };
    static const UCHAR Directory[] = { 0x22, 0x22, 9, 4, 1, 0, 0x16, 0, 3, 0x0F, 1, 2 };
    static const UCHAR Burst[] = { 0x77, 0x77, 9, 4, 1, 0, 0 };
    NCP_REQUEST Back;

    assert_int_equal(NcpDecodeRequest(Packet, sizeof(Packet), &Back),
                     STATUS_NOT_IMPLEMENTED);
    assert_int_equal(Back.Header.Function, 0x57);
    assert_int_equal(Back.Header.Sequence, 9);
    assert_int_equal(Back.Header.Connection, 4);
    assert_int_equal(NcpDecodeRequest(Family, sizeof(Family), &Back),
                     STATUS_NOT_IMPLEMENTED);
    assert_int_equal(Back.SubFunction, 0x99);
    assert_int_equal(NcpDecodeRequest(Directory, sizeof(Directory), &Back),
                     STATUS_NOT_IMPLEMENTED);
    assert_int_equal(Back.Header.Function, NCP_DIRECTORY_SERVICES);
    assert_int_equal(Back.SubFunction, 0x0F);
    assert_int_equal(NcpDecodeRequest(Burst, sizeof(Burst), &Back), STATUS_NOT_IMPLEMENTED);
    assert_int_equal(Back.Header.Type, NCP_TYPE_BURST);
}

/* 0x17/0x17, 0x17/0x35 and 0x17/0x18 at NetWare's offsets. */
static void test_keyed_login_layouts(void **state)
{
    NCP_REQUEST Key = MakeRequest(NCP_CONNECTION_SERVICES, NCP_GET_LOGIN_KEY);
    NCP_REQUEST Id = MakeRequest(NCP_CONNECTION_SERVICES, NCP_GET_OBJECT_ID);
    NCP_REQUEST Login = MakeRequest(NCP_CONNECTION_SERVICES, NCP_KEYED_LOGIN), Back;
    NCP_REPLY Reply, Out;
    UCHAR Buffer[128];
    ULONG Written;

    assert_int_equal(Encode(&Key, Buffer, sizeof(Buffer)), 10);
    Id.u.Object.ObjectType = NCP_OBJECT_USER;
    NcpSetString(&Id.u.Object.Name, "MMTA");
    assert_int_equal(Encode(&Id, Buffer, sizeof(Buffer)), 10 + 2 + 1 + 4);
    assert_int_equal(Buffer[8], 8);             /* length word: 1 + 7 */
    assert_int_equal(Buffer[11], 1);            /* object type at 10 */
    assert_int_equal(Buffer[12], 4);            /* name at 12 */
    memcpy(Login.u.KeyedLogin.Key, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
    Login.u.KeyedLogin.ObjectType = NCP_OBJECT_USER;
    NcpSetString(&Login.u.KeyedLogin.Name, "GUEST");
    assert_int_equal(Encode(&Login, Buffer, sizeof(Buffer)), 10 + 8 + 2 + 1 + 5);
    assert_int_equal(Buffer[10], 0x11);         /* the answer at 10 */
    assert_int_equal(Buffer[17], 0x88);
    assert_int_equal(Buffer[19], 1);            /* object type at 18 */
    assert_memory_equal(Buffer + 20, "\x05GUEST", 6);
    assert_int_equal(NcpDecodeRequest(Buffer, 26, &Back), STATUS_SUCCESS);
    assert_memory_equal(Back.u.KeyedLogin.Key, Login.u.KeyedLogin.Key, 8);
    assert_string_equal(Back.u.KeyedLogin.Name.Text, "GUEST");

    memset(&Reply, 0, sizeof(Reply));
    Reply.Header.Type = NCP_TYPE_REPLY;
    Reply.u.Object.ObjectId = 0x0B000001;
    Reply.u.Object.ObjectType = NCP_OBJECT_USER;
    strcpy(Reply.u.Object.Name, "MMTA");
    assert_int_equal(NcpEncodeReply(Buffer, sizeof(Buffer), &Id, &Reply, &Written),
                     STATUS_SUCCESS);
    assert_int_equal(Written, 8 + 4 + 2 + NCP_OBJECT_NAME_LENGTH);
    assert_memory_equal(Buffer + 8, "\x0B\x00\x00\x01\x00\x01MMTA\0", 11);
    assert_int_equal(NcpDecodeReply(Buffer, Written, &Id, &Out), STATUS_SUCCESS);
    assert_int_equal(Out.u.Object.ObjectId, 0x0B000001);
    assert_string_equal(Out.u.Object.Name, "MMTA");
    memset(&Reply, 0, sizeof(Reply));
    Reply.Header.Type = NCP_TYPE_REPLY;
    Reply.u.LoginKey.Key[7] = 0x42;
    assert_int_equal(NcpEncodeReply(Buffer, sizeof(Buffer), &Key, &Reply, &Written),
                     STATUS_SUCCESS);
    assert_int_equal(Written, 8 + NCP_LOGIN_KEY_LENGTH);
    assert_int_equal(Buffer[15], 0x42);
    assert_int_equal(NcpEncodeReply(Buffer, sizeof(Buffer), &Login, &Reply, &Written),
                     STATUS_SUCCESS);
    assert_int_equal(Written, 8);               /* a login answers with its code */
}

/* 0x45, 0x16/0x0A, 0x16/0x0B and 0x3D at NetWare's offsets. */
static void test_rename_directory_and_commit_layouts(void **state)
{
    NCP_REQUEST Rename = MakeRequest(NCP_RENAME_FILE, 0), Back;
    NCP_REQUEST Create = MakeRequest(NCP_DIRECTORY_SERVICES, NCP_CREATE_DIRECTORY);
    NCP_REQUEST Commit = MakeRequest(NCP_COMMIT_FILE, 0);
    UCHAR Buffer[128];

    Rename.u.Rename.DirHandle = 3;
    Rename.u.Rename.SearchAttributes = 0x06;
    NcpSetString(&Rename.u.Rename.Name, "A.TXT");
    Rename.u.Rename.NewDirHandle = 4;
    NcpSetString(&Rename.u.Rename.NewName, "SUB\\B.TXT");
    assert_int_equal(Encode(&Rename, Buffer, sizeof(Buffer)), 7 + 2 + 6 + 1 + 10);
    assert_memory_equal(Buffer + 7, "\x03\x06\x05" "A.TXT\x04\x09SUB\\B.TXT", 19);
    assert_int_equal(NcpDecodeRequest(Buffer, 26, &Back), STATUS_SUCCESS);
    assert_int_equal(Back.u.Rename.NewDirHandle, 4);
    assert_string_equal(Back.u.Rename.NewName.Text, "SUB\\B.TXT");

    Create.u.Directory.DirHandle = 2;
    Create.u.Directory.Mask = 0xFF;
    NcpSetString(&Create.u.Directory.Path, "NEW");
    assert_int_equal(Encode(&Create, Buffer, sizeof(Buffer)), 10 + 2 + 4);
    assert_memory_equal(Buffer + 7, "\x00\x07\x0A\x02\xFF\x03NEW", 9);
    Create.SubFunction = NCP_DELETE_DIRECTORY;
    Create.u.Directory.Mask = 0;
    assert_int_equal(Encode(&Create, Buffer, sizeof(Buffer)), 16);
    assert_int_equal(Buffer[9], NCP_DELETE_DIRECTORY);
    assert_int_equal(Buffer[11], 0);            /* reserved */

    Commit.u.File.Handle[5] = 9;
    assert_int_equal(Encode(&Commit, Buffer, sizeof(Buffer)), 14);
    assert_memory_equal(Buffer + 6, "\x3D\x00\x00\x00\x00\x00\x00\x09", 8);
}

/* 0x17/0xD2: the connection to clear in the byte after the subfunction;
   the answer is the header alone. */
static void test_clear_connection_layout(void **state)
{
    NCP_REQUEST Clear = MakeRequest(NCP_CONNECTION_SERVICES, NCP_CLEAR_CONNECTION), Back;
    NCP_REPLY Reply, Out;
    UCHAR Buffer[32];
    ULONG Written;

    Clear.u.Clear.Number = 7;
    assert_int_equal(Encode(&Clear, Buffer, sizeof(Buffer)), 11);
    assert_int_equal(Buffer[8], 2);             /* length word: 1 + 1 */
    assert_int_equal(Buffer[9], NCP_CLEAR_CONNECTION);
    assert_int_equal(Buffer[10], 7);
    assert_int_equal(NcpDecodeRequest(Buffer, 11, &Back), STATUS_SUCCESS);
    assert_int_equal(Back.u.Clear.Number, 7);
    memset(&Reply, 0, sizeof(Reply));
    Reply.Header.Type = NCP_TYPE_REPLY;
    assert_int_equal(NcpEncodeReply(Buffer, sizeof(Buffer), &Clear, &Reply, &Written),
                     STATUS_SUCCESS);
    assert_int_equal(Written, NCP_REPLY_HEADER_LENGTH);
    assert_int_equal(NcpDecodeReply(Buffer, Written, &Clear, &Out), STATUS_SUCCESS);
}

/* 0x17/0x0F: request at 10, a 94-byte answer ending in 56 reserved bytes. */
static void test_scan_file_information_layout(void **state)
{
    NCP_REQUEST Scan = MakeRequest(NCP_CONNECTION_SERVICES, NCP_SCAN_FILE_INFO), Back;
    NCP_REPLY Reply, Out;
    UCHAR Buffer[256];
    ULONG Written;

    Scan.u.ScanFile.Sequence = 0xFFFF;
    Scan.u.ScanFile.DirHandle = 1;
    Scan.u.ScanFile.SearchAttributes = 0x06;
    NcpSetString(&Scan.u.ScanFile.Name, "README.TXT");
    assert_int_equal(Encode(&Scan, Buffer, sizeof(Buffer)), 10 + 4 + 11);
    assert_memory_equal(Buffer + 10, "\xFF\xFF\x01\x06\x0AREADME.TXT", 15);
    assert_int_equal(NcpDecodeRequest(Buffer, 25, &Back), STATUS_SUCCESS);
    assert_int_equal(Back.u.ScanFile.Sequence, 0xFFFF);

    memset(&Reply, 0, sizeof(Reply));
    Reply.Header.Type = NCP_TYPE_REPLY;
    Reply.u.FileEntry.Sequence = 2;
    strcpy(Reply.u.FileEntry.Name, "README.TXT");
    Reply.u.FileEntry.Attributes = NCP_ATTR_ARCHIVE;
    Reply.u.FileEntry.Size = 0x1234;
    Reply.u.FileEntry.UpdateTime = 0x6000;
    Reply.u.FileEntry.Owner = 1;
    Reply.u.FileEntry.Reserved[55] = 0xEE;      /* kept, as every reserved byte */
    assert_int_equal(NcpEncodeReply(Buffer, sizeof(Buffer), &Scan, &Reply, &Written),
                     STATUS_SUCCESS);
    assert_int_equal(Written, 8 + 94);
    assert_int_equal(Buffer[9], 2);
    assert_memory_equal(Buffer + 10, "README.TXT\0\0\0\0", 14);
    assert_int_equal(Buffer[24], NCP_ATTR_ARCHIVE);
    assert_memory_equal(Buffer + 26, "\x00\x00\x12\x34", 4);
    assert_int_equal(Buffer[36], 0x60);         /* update time at 36 */
    assert_int_equal(Buffer[41], 1);            /* owner at 38 */
    assert_int_equal(Buffer[101], 0xEE);
    assert_int_equal(NcpDecodeReply(Buffer, Written, &Scan, &Out), STATUS_SUCCESS);
    assert_int_equal(Out.u.FileEntry.Size, 0x1234);
    assert_int_equal(Out.u.FileEntry.Reserved[55], 0xEE);
    assert_int_equal(NcpDecodeReply(Buffer, Written - 1, &Scan, &Out),
                     STATUS_INVALID_NETWORK_RESPONSE);
}

static void test_create_destroy_and_epoch(void **state)
{
    NCP_REQUEST Request = MakeRequest(0, 0), Back;
    UCHAR Buffer[32];
    static const UCHAR Create[] = { 0x11, 0x11, 0, 0xFF, 1, 0xFF, 0 };

    Request.Header.Type = NCP_TYPE_CREATE;
    Request.Header.Sequence = 0;
    Request.Header.Connection = NCP_NO_CONNECTION;
    Request.Header.Task = 1;
    assert_int_equal(Encode(&Request, Buffer, sizeof(Buffer)), 7);
    assert_memory_equal(Buffer, Create, 7);
    Request.u.Connect.Present = TRUE;
    Request.u.Connect.Epoch = 0x0A0B0C0D;
    assert_int_equal(Encode(&Request, Buffer, sizeof(Buffer)), 11);
    assert_int_equal(NcpDecodeRequest(Buffer, 11, &Back), STATUS_SUCCESS);
    assert_true(Back.u.Connect.Present);
    assert_int_equal(Back.u.Connect.Epoch, 0x0A0B0C0D);
    assert_int_equal(NcpDecodeRequest(Buffer, 9, &Back),
                     STATUS_INVALID_NETWORK_RESPONSE);
    Buffer[0] = 0x33;                       /* a reply is not a request */
    Buffer[1] = 0x33;
    assert_int_equal(NcpDecodeRequest(Buffer, 7, &Back),
                     STATUS_INVALID_NETWORK_RESPONSE);
}

static void test_open_reply_offsets(void **state)
{
    NCP_REQUEST Request = MakeRequest(NCP_OPEN_FILE, 0);
    NCP_REPLY Reply, Back;
    UCHAR Buffer[128];
    ULONG Written;

    memset(&Reply, 0, sizeof(Reply));
    Reply.Header.Type = NCP_TYPE_REPLY;
    Reply.Header.Connection = 0x0201;
    Reply.u.File.Handle[0] = 0xAB;
    strcpy(Reply.u.File.Name, "README.TXT");
    Reply.u.File.Size = 0x00012345;
    Reply.u.File.UpdateTime = 0x1234;
    assert_int_equal(NcpEncodeReply(Buffer, sizeof(Buffer), &Request, &Reply,
                                    &Written), STATUS_SUCCESS);
    assert_int_equal(Written, 44);
    assert_int_equal(Buffer[3], 0x01);      /* connection low */
    assert_int_equal(Buffer[5], 0x02);      /* connection high */
    assert_int_equal(Buffer[8], 0xAB);
    assert_memory_equal(Buffer + 16, "README.TXT\0\0\0", 14);
    assert_int_equal(Buffer[33], 0x01);
    assert_int_equal(Buffer[35], 0x45);
    assert_int_equal(Buffer[42], 0x12);
    assert_int_equal(NcpDecodeReply(Buffer, Written, &Request, &Back),
                     STATUS_SUCCESS);
    assert_string_equal(Back.u.File.Name, "README.TXT");
    assert_int_equal(Back.u.File.Size, 0x12345);
    assert_int_equal(NcpDecodeReply(Buffer, Written - 1, &Request, &Back),
                     STATUS_INVALID_NETWORK_RESPONSE);
    assert_int_equal(NcpDecodeReply(Buffer, Written + 1, &Request, &Back),
                     STATUS_INVALID_NETWORK_RESPONSE);
}

static void test_error_reply_is_header_only(void **state)
{
    NCP_REQUEST Request = MakeRequest(NCP_OPEN_FILE, 0);
    NCP_REPLY Reply, Back;
    UCHAR Buffer[64];
    ULONG Written;

    memset(&Reply, 0, sizeof(Reply));
    Reply.Header.Type = NCP_TYPE_REPLY;
    Reply.Header.CompletionCode = NCP_E_FAILURE;
    assert_int_equal(NcpEncodeReply(Buffer, sizeof(Buffer), &Request, &Reply,
                                    &Written), STATUS_SUCCESS);
    assert_int_equal(Written, NCP_REPLY_HEADER_LENGTH);
    assert_int_equal(NcpDecodeReply(Buffer, Written, &Request, &Back),
                     STATUS_SUCCESS);
    assert_int_equal(Back.Header.CompletionCode, NCP_E_FAILURE);
    Buffer[0] = 0x22;                       /* a request is not a reply */
    assert_int_equal(NcpDecodeReply(Buffer, Written, &Request, &Back),
                     STATUS_INVALID_NETWORK_RESPONSE);
}

static void test_read_reply_pads_odd_offsets(void **state)
{
    NCP_REQUEST Request = MakeRequest(NCP_READ_FILE, 0);
    NCP_REPLY Reply, Back;
    UCHAR Buffer[64];
    static const UCHAR Data[4] = { 1, 2, 3, 4 };
    ULONG Written;

    memset(&Reply, 0, sizeof(Reply));
    Reply.Header.Type = NCP_TYPE_REPLY;
    Reply.u.Read.Count = 4;
    Reply.u.Read.Data = Data;
    Request.u.Io.Count = 4;
    Request.u.Io.Offset = 7;
    assert_int_equal(NcpEncodeReply(Buffer, sizeof(Buffer), &Request, &Reply,
                                    &Written), STATUS_SUCCESS);
    assert_int_equal(Written, 8 + 2 + 1 + 4);
    assert_int_equal(Buffer[11], 1);
    assert_int_equal(NcpDecodeReply(Buffer, Written, &Request, &Back),
                     STATUS_SUCCESS);
    assert_ptr_equal(Back.u.Read.Data, Buffer + 11);
    Request.u.Io.Count = 3;                 /* more data than was asked for */
    assert_int_equal(NcpDecodeReply(Buffer, Written, &Request, &Back),
                     STATUS_INVALID_NETWORK_RESPONSE);
}

static void test_fixed_size_replies(void **state)
{
    NCP_REQUEST Info = MakeRequest(NCP_CONNECTION_SERVICES,
                                   NCP_GET_SERVER_INFO);
    NCP_REQUEST Files = MakeRequest(NCP_FILE_SEARCH_CONTINUE, 0);
    NCP_REPLY Reply, Back;
    UCHAR Buffer[256];
    ULONG Written;

    memset(&Reply, 0, sizeof(Reply));
    Reply.Header.Type = NCP_TYPE_REPLY;
    strcpy(Reply.u.ServerInfo.ServerName, "NWSERVER");
    Reply.u.ServerInfo.OsMajor = 3;
    assert_int_equal(NcpEncodeReply(Buffer, sizeof(Buffer), &Info, &Reply,
                                    &Written), STATUS_SUCCESS);
    assert_int_equal(Written, 8 + NCP_SERVER_INFO_LENGTH);
    assert_int_equal(Buffer[56], 3);
    assert_int_equal(NcpDecodeReply(Buffer, Written, &Info, &Back), 0);
    assert_string_equal(Back.u.ServerInfo.ServerName, "NWSERVER");
    memset(Reply.u.ServerInfo.ServerName, 'N', NCP_SERVER_NAME_LENGTH + 1);
    assert_int_equal(NcpEncodeReply(Buffer, sizeof(Buffer), &Info, &Reply,
                                    &Written), STATUS_INVALID_PARAMETER);
    memset(&Reply, 0, sizeof(Reply));
    Reply.Header.Type = NCP_TYPE_REPLY;
    strcpy(Reply.u.SearchEntry.Name, "MAILDATA");
    Files.u.SearchContinue.SearchAttributes = NCP_ATTR_DIRECTORY;
    assert_int_equal(NcpEncodeReply(Buffer, sizeof(Buffer), &Files, &Reply,
                                    &Written), STATUS_SUCCESS);
    assert_int_equal(Written, 40);
    assert_int_equal(Buffer[38], 0xD1);     /* the directory stamp */
    Files.u.SearchContinue.SearchAttributes = 0;
    assert_int_equal(NcpEncodeReply(Buffer, sizeof(Buffer), &Files, &Reply,
                                    &Written), STATUS_SUCCESS);
    assert_int_equal(Written, 40);
}

/* Reserved bytes travel both ways; what cannot round-trip is refused. */
static void test_reserved_bytes_are_kept_and_the_rest_refused(void **state)
{
    NCP_REQUEST Read = MakeRequest(NCP_READ_FILE, 0), Back;
    NCP_REQUEST Files = MakeRequest(NCP_FILE_SEARCH_CONTINUE, 0);
    NCP_REPLY Reply, Out;
    UCHAR Buffer[256], Again[256];
    ULONG Written, Rewritten;

    Read.u.Io.Reserved = 0x5A;
    Read.u.Io.Offset = 3;
    Read.u.Io.Count = 4;
    assert_int_equal(NcpEncodeRequest(Buffer, sizeof(Buffer), &Read, &Written), STATUS_SUCCESS);
    assert_int_equal(Buffer[7], 0x5A);
    assert_int_equal(NcpDecodeRequest(Buffer, Written, &Back), STATUS_SUCCESS);
    assert_int_equal(Back.u.Io.Reserved, 0x5A);

    memset(&Reply, 0, sizeof(Reply));
    Reply.Header.Type = NCP_TYPE_REPLY;
    Reply.u.Read.Count = 4;
    Reply.u.Read.Pad = 0x77;                        /* odd offset: one pad byte */
    Reply.u.Read.Data = (const UCHAR *)"DATA";
    assert_int_equal(NcpEncodeReply(Buffer, sizeof(Buffer), &Read, &Reply, &Written),
                     STATUS_SUCCESS);
    assert_int_equal(NcpDecodeReply(Buffer, Written, &Read, &Out), STATUS_SUCCESS);
    assert_int_equal(Out.u.Read.Pad, 0x77);
    assert_int_equal(NcpEncodeReply(Again, sizeof(Again), &Read, &Out, &Rewritten),
                     STATUS_SUCCESS);
    assert_int_equal(Rewritten, Written);
    assert_memory_equal(Again, Buffer, Written);
    Reply.u.Read.Count = 5;                         /* more than the read asked */
    assert_int_equal(NcpEncodeReply(Buffer, sizeof(Buffer), &Read, &Reply, &Written),
                     STATUS_INVALID_PARAMETER);
    Reply.Header.Type = 0x4444;
    assert_int_equal(NcpEncodeReply(Buffer, sizeof(Buffer), &Read, &Reply, &Written),
                     STATUS_INVALID_PARAMETER);

    memset(&Reply, 0, sizeof(Reply));
    Reply.Header.Type = NCP_TYPE_REPLY;
    strcpy(Reply.u.SearchEntry.Name, "MAILDATA");
    Reply.u.SearchEntry.Reserved = 0x1234;
    Files.u.SearchContinue.SearchAttributes = NCP_ATTR_DIRECTORY;
    assert_int_equal(NcpEncodeReply(Buffer, sizeof(Buffer), &Files, &Reply, &Written),
                     STATUS_SUCCESS);
    assert_int_equal(NcpDecodeReply(Buffer, Written, &Files, &Out), STATUS_SUCCESS);
    assert_int_equal(Out.u.SearchEntry.Reserved, 0x1234);
    Buffer[Written - 1] = 0xD2;                     /* not NetWare's stamp */
    assert_int_equal(NcpDecodeReply(Buffer, Written, &Files, &Out),
                     STATUS_INVALID_NETWORK_RESPONSE);
    Buffer[Written - 1] = 0xD1;
    Buffer[8 + 4 + 9] = 'Z';                        /* junk after the name's NUL */
    assert_int_equal(NcpDecodeReply(Buffer, Written, &Files, &Out),
                     STATUS_INVALID_NETWORK_RESPONSE);
}

static void test_busy_header_and_control(void **state)
{
    NCP_REPLY_HEADER Busy = { NCP_TYPE_BUSY, 4, 1, 1, 0, 0 }, Back;
    NCP_CONTROL Control = { NCP_CONTROL_RESET, 0, 42, "key" }, ControlBack;
    UCHAR Buffer[NCP_CONTROL_LENGTH];
    ULONG Written;

    assert_int_equal(NcpEncodeReplyHeader(Buffer, sizeof(Buffer), &Busy,
                                          &Written), STATUS_SUCCESS);
    assert_int_equal(Written, 8);
    assert_int_equal(Buffer[0], 0x99);
    assert_int_equal(NcpDecodeReplyHeader(Buffer, 8, &Back), STATUS_SUCCESS);
    assert_int_equal(Back.Type, NCP_TYPE_BUSY);
    assert_int_equal(NcpDecodeReplyHeader(Buffer, 7, &Back),
                     STATUS_INVALID_NETWORK_RESPONSE);
    assert_int_equal(NcpEncodeControl(Buffer, sizeof(Buffer), &Control,
                                      &Written), STATUS_SUCCESS);
    assert_int_equal(Written, NCP_CONTROL_LENGTH);
    assert_int_equal(NcpDecodeControl(Buffer, Written, &ControlBack), 0);
    assert_int_equal(ControlBack.Epoch, 42);
    Buffer[0] ^= 1;                         /* wrong magic */
    assert_int_equal(NcpDecodeControl(Buffer, Written, &ControlBack),
                     STATUS_INVALID_NETWORK_RESPONSE);
}

static void test_set_string_limits(void **state)
{
    NCP_STRING String;
    CHAR Long[300];

    memset(Long, 'A', sizeof(Long));
    Long[256] = '\0';
    assert_int_equal(NcpSetString(&String, Long), STATUS_INVALID_PARAMETER);
    Long[255] = '\0';
    assert_int_equal(NcpSetString(&String, Long), STATUS_SUCCESS);
    assert_int_equal(String.Length, 255);
}

int main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(test_request_header_bytes),
        cmocka_unit_test(test_login_family_length_and_round_trip),
        cmocka_unit_test(test_family_length_that_lies_is_rejected),
        cmocka_unit_test(test_every_request_round_trips_and_rejects_truncation),
        cmocka_unit_test(test_write_data_points_into_the_packet),
        cmocka_unit_test(test_unknown_function_keeps_header),
        cmocka_unit_test(test_keyed_login_layouts),
        cmocka_unit_test(test_rename_directory_and_commit_layouts),
        cmocka_unit_test(test_scan_file_information_layout),
        cmocka_unit_test(test_clear_connection_layout),
        cmocka_unit_test(test_create_destroy_and_epoch),
        cmocka_unit_test(test_open_reply_offsets),
        cmocka_unit_test(test_error_reply_is_header_only),
        cmocka_unit_test(test_read_reply_pads_odd_offsets),
        cmocka_unit_test(test_fixed_size_replies),
        cmocka_unit_test(test_reserved_bytes_are_kept_and_the_rest_refused),
        cmocka_unit_test(test_busy_header_and_control),
        cmocka_unit_test(test_set_string_limits),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
