/*
 * ncpwire.h - the NCP wire codec: request and reply headers and the
 * payloads of the functions irplab's client and ncpserv speak.
 *
 * Built from one source for the kernel and the host (see ipxwire.h for the
 * rules and for the status mapping, which is the same here, plus one code):
 *   STATUS_NOT_IMPLEMENTED   a well-formed request of a function this codec
 *                            does not know; the header and subfunction are
 *                            filled in so a server can answer it properly
 *
 * A request is a header, a subfunction for the families 0x16 and 0x17 (whose
 * length word is checked and written here, never by the caller) and one
 * union member chosen by the function. A reply's layout depends on the
 * request it answers, so reply encode and decode take that request. A reply
 * whose completion code is not 0 carries no data.
 *
 * Round trip: whatever a decoder accepts, the matching encoder writes back
 * byte for byte, and whatever an encoder writes, the decoder accepts and
 * gives back. Bytes NetWare calls reserved are therefore kept in fields of
 * their own (Reserved, Rest, Pad), never skipped; a fixed-width name must be
 * NUL-padded (at most Width - 1 characters, zeros after them) and a
 * directory entry must carry NetWare's stamp, or the decoder refuses it;
 * an encoder refuses what its decoder would refuse (a read reply longer
 * than the read asked for, a reply type other than 0x3333 and 0x9999).
 * tests/fuzz checks both directions on every input.
 *
 * Interface:
 *   NcpEncodeRequest, NcpDecodeRequest       whole requests (all types)
 *   NcpEncodeReply, NcpDecodeReply           whole replies to a request
 *   NcpEncodeReplyHeader, NcpDecodeReplyHeader
 *                                            header-only replies (0x9999,
 *                                            errors) and reply matching
 *   NcpSetString                             fill a length-prefixed string
 *   NcpEncodeControl, NcpDecodeControl       ncpserv's private control
 *                                            message (reset with an epoch)
 */
#ifndef NCPWIRE_H
#define NCPWIRE_H

#include "ntdef.h"

/* Packet types (the first word). */
#define NCP_TYPE_CREATE          0x1111  /* create service connection */
#define NCP_TYPE_REQUEST         0x2222
#define NCP_TYPE_REPLY           0x3333
#define NCP_TYPE_DESTROY         0x5555  /* destroy service connection */
#define NCP_TYPE_BURST           0x7777
#define NCP_TYPE_BUSY            0x9999  /* positive acknowledge: keep waiting */

#define NCP_REQUEST_HEADER_LENGTH 7
#define NCP_REPLY_HEADER_LENGTH   8
#define NCP_NO_CONNECTION         0xFFFF  /* in a create request */
#define NCP_STATUS_DEAD           0x11    /* connection status bits: gone */

/* Functions. */
#define NCP_GET_VOLUME_INFO       0x12
#define NCP_DIRECTORY_SERVICES    0x16    /* family: subfunction at 9 */
#define NCP_CONNECTION_SERVICES   0x17    /* family: subfunction at 9 */
#define NCP_END_OF_JOB            0x18
#define NCP_LOGOUT                0x19
#define NCP_NEGOTIATE_BUFFER      0x21
#define NCP_FILE_SEARCH_INIT      0x3E
#define NCP_COMMIT_FILE           0x3D
#define NCP_FILE_SEARCH_CONTINUE  0x3F
#define NCP_OPEN_FILE_OLD         0x41
#define NCP_CLOSE_FILE            0x42
#define NCP_CREATE_FILE           0x43
#define NCP_ERASE_FILE            0x44
#define NCP_RENAME_FILE           0x45
#define NCP_GET_FILE_SIZE         0x47
#define NCP_READ_FILE             0x48
#define NCP_WRITE_FILE            0x49
#define NCP_OPEN_FILE             0x4C
#define NCP_CREATE_NEW_FILE       0x4D

/* Subfunctions of 0x16. */
#define NCP_GET_VOLUME_NUMBER     0x05
#define NCP_CREATE_DIRECTORY      0x0A
#define NCP_DELETE_DIRECTORY      0x0B
#define NCP_ALLOC_PERMANENT_DIR   0x12
#define NCP_ALLOC_TEMPORARY_DIR   0x13
#define NCP_DEALLOC_DIR           0x14
/* Subfunctions of 0x17. */
#define NCP_SCAN_FILE_INFO        0x0F
#define NCP_GET_SERVER_INFO       0x11
#define NCP_LOGIN_OBJECT          0x14    /* unencrypted */
#define NCP_GET_LOGIN_KEY         0x17
#define NCP_KEYED_LOGIN           0x18
#define NCP_GET_OBJECT_ID         0x35    /* Get Bindery Object ID */
#define NCP_CLEAR_CONNECTION      0xD2    /* Clear Connection Number: FCONSOLE's */

/*
 * Completion codes (the ones irplab's server and client use). Which codes a
 * function may return is NetWare's, as Wireshark's NCP dissector lists
 * them per function (tshark names each; "Unknown Error Code" otherwise).
 */
#define NCP_OK                    0x00
#define NCP_E_NO_SPACE            0x01    /* out of disk space (a write past the limit) */
#define NCP_E_BOUNDARY            0x7E    /* request lengths do not add up */
#define NCP_E_OUT_OF_HANDLES      0x81
#define NCP_E_IO                  0x83
#define NCP_E_NO_CREATE           0x84    /* no right to create the file */
#define NCP_E_INVALID_HANDLE      0x88
#define NCP_E_NO_DELETE           0x8A    /* no right to delete */
#define NCP_E_NO_RENAME           0x8B    /* no right to rename */
#define NCP_E_SOME_IN_USE         0x8D    /* some of the files are in use */
#define NCP_E_ALL_IN_USE          0x8E    /* all of the files are in use */
#define NCP_E_NO_READ             0x93
#define NCP_E_ALL_NAMES_EXIST     0x92    /* rename: the new name is taken */
#define NCP_E_NO_WRITE            0x94    /* no right to write the file */
#define NCP_E_NO_VOLUME           0x98
#define NCP_E_CROSS_VOLUME        0x9A    /* rename to another volume */
#define NCP_E_BAD_DIR_HANDLE      0x9B
#define NCP_E_INVALID_PATH        0x9C
#define NCP_E_NO_DIR_HANDLES      0x9D
#define NCP_E_DIRECTORY_IN_USE    0x9F    /* delete of a directory in use */
#define NCP_E_DIRECTORY_NOT_EMPTY 0xA0
#define NCP_E_INTRUDER_LOCKOUT    0xC5    /* account locked by intruder detection */
#define NCP_E_NO_CONSOLE_RIGHTS   0xC6    /* the caller is no console operator */
#define NCP_E_UNENCRYPTED_REFUSED 0xD6
#define NCP_E_BAD_PASSWORD        0xDE    /* login with an incorrect password */
#define NCP_E_NO_CONNECTION_SLOTS 0xF9    /* a create when the table is full */
#define NCP_E_BAD_REQUEST         0xFB    /* unknown function */
#define NCP_E_NO_SUCH_OBJECT      0xFC    /* bindery: no such object */
#define NCP_E_BAD_STATION         0xFD    /* no such connection number */
#define NCP_E_FAILURE             0xFF    /* also "no more matching files" */

/* Bindery object types. */
#define NCP_OBJECT_USER           0x0001

/* File attributes and search attributes. */
#define NCP_ATTR_READ_ONLY        0x01
#define NCP_ATTR_HIDDEN           0x02
#define NCP_ATTR_SYSTEM           0x04
#define NCP_ATTR_DIRECTORY        0x10
#define NCP_ATTR_ARCHIVE          0x20

/* Open access rights (0x4C). */
#define NCP_ACCESS_READ           0x01
#define NCP_ACCESS_WRITE          0x02

#define NCP_FILE_HANDLE_LENGTH    6
#define NCP_FILE_NAME_LENGTH      14
#define NCP_SERVER_NAME_LENGTH    48
#define NCP_VOLUME_NAME_LENGTH    16
#define NCP_SERVER_INFO_LENGTH    128
#define NCP_LOGIN_KEY_LENGTH      8
#define NCP_OBJECT_NAME_LENGTH    48      /* 0x17/0x35's reply */
#define NCP_SCAN_RESERVED         56      /* 0x17/0x0F's reply ends in these */
#define NCP_MAX_STRING            255
#define NCP_SERVER_INFO_REST      67      /* bytes after PeakConnections */
#define NCP_DIRECTORY_STAMP       0xD1D1  /* ends every 0x3F directory entry */

typedef struct _NCP_STRING {
    UCHAR Length;
    CHAR Text[NCP_MAX_STRING + 1];      /* NUL-terminated after decode */
} NCP_STRING, *PNCP_STRING;

typedef struct _NCP_REQUEST_HEADER {
    USHORT Type;
    UCHAR Sequence;
    USHORT Connection;                  /* low byte at 3, high byte at 5 */
    UCHAR Task;
    UCHAR Function;
} NCP_REQUEST_HEADER, *PNCP_REQUEST_HEADER;

typedef struct _NCP_REPLY_HEADER {
    USHORT Type;
    UCHAR Sequence;
    USHORT Connection;
    UCHAR Task;
    UCHAR CompletionCode;
    UCHAR ConnectionStatus;
} NCP_REPLY_HEADER, *PNCP_REPLY_HEADER;

typedef struct _NCP_REQUEST {
    NCP_REQUEST_HEADER Header;
    UCHAR SubFunction;                  /* families 0x16 and 0x17 only */
    union {
        struct { ULONG Epoch; BOOLEAN Present; } Connect;   /* 0x1111 */
        struct { USHORT BufferSize; } Negotiate;
        struct { UCHAR Volume; } VolumeInfo;
        struct { USHORT ObjectType; NCP_STRING Name, Password; } Login;
        /* 0x17/0x18: Key is the 8-byte answer NwEncryptHash computes. */
        struct {
            UCHAR Key[NCP_LOGIN_KEY_LENGTH];
            USHORT ObjectType;
            NCP_STRING Name;
        } KeyedLogin;
        struct { USHORT ObjectType; NCP_STRING Name; } Object;   /* 0x17/0x35 */
        struct { UCHAR Number; } Clear;                         /* 0x17/0xD2 */
        /* 0x17/0x0F: Sequence 0xFFFF starts; Name may hold wildcards. */
        struct {
            USHORT Sequence;
            UCHAR DirHandle, SearchAttributes;
            NCP_STRING Name;
        } ScanFile;
        /* 0x16/0x0A (Mask: the new directory's access rights mask) and
           0x16/0x0B (Mask: reserved, 0). */
        struct { UCHAR DirHandle, Mask; NCP_STRING Path; } Directory;
        struct { NCP_STRING Name; } VolumeNumber;
        struct { UCHAR Source, DriveLetter; NCP_STRING Path; } AllocDir;
        struct { UCHAR Handle; } DeallocDir;
        struct { UCHAR DirHandle; NCP_STRING Path; } SearchInit;
        struct {
            UCHAR Volume;
            USHORT DirectoryId, Sequence;
            UCHAR SearchAttributes;
            NCP_STRING Pattern;
        } SearchContinue;
        /* 0x41, 0x4C (AccessRights is 0x4C only) and 0x44. */
        struct {
            UCHAR DirHandle, SearchAttributes, AccessRights;
            NCP_STRING Name;
        } Open;
        struct { UCHAR DirHandle, Attributes; NCP_STRING Name; } Create;
        struct {
            UCHAR DirHandle, SearchAttributes;
            NCP_STRING Name;
            UCHAR NewDirHandle;
            NCP_STRING NewName;
        } Rename;                       /* 0x45 */
        /* 0x3D, 0x42, 0x47. Reserved is the byte before the handle (0 from
           NetWare's clients). */
        struct { UCHAR Reserved, Handle[NCP_FILE_HANDLE_LENGTH]; } File;
        /* 0x48, 0x49; Data (write only) points at Count bytes. */
        struct {
            UCHAR Reserved, Handle[NCP_FILE_HANDLE_LENGTH];
            ULONG Offset;
            USHORT Count;
            const UCHAR *Data;
        } Io;
    } u;
} NCP_REQUEST, *PNCP_REQUEST;

typedef struct _NCP_FILE_INFO {
    UCHAR Handle[NCP_FILE_HANDLE_LENGTH];
    USHORT Reserved;                    /* the two bytes after the handle */
    CHAR Name[NCP_FILE_NAME_LENGTH + 1];
    UCHAR Attributes, ExecuteType;
    ULONG Size;
    USHORT CreationDate, AccessDate, UpdateDate, UpdateTime;
} NCP_FILE_INFO, *PNCP_FILE_INFO;

/*
 * One 0x3F answer. A file (search attributes without 0x10) fills Mode,
 * Size and the four dates; a directory fills Rights, CreationDate,
 * CreationTime and Owner.
 */
typedef struct _NCP_SEARCH_ENTRY {
    USHORT Sequence, DirectoryId;
    CHAR Name[NCP_FILE_NAME_LENGTH + 1];
    UCHAR Attributes;
    UCHAR Mode, Rights;
    ULONG Size, Owner;
    USHORT CreationDate, CreationTime, AccessDate, UpdateDate, UpdateTime;
    USHORT Reserved;                    /* a directory's, before the stamp */
} NCP_SEARCH_ENTRY, *PNCP_SEARCH_ENTRY;

/* One 0x17/0x0F answer: a file, by name or the next a pattern matches. */
typedef struct _NCP_FILE_ENTRY {
    USHORT Sequence;                    /* give it back to find the next */
    CHAR Name[NCP_FILE_NAME_LENGTH + 1];
    UCHAR Attributes, ExtendedAttributes;
    ULONG Size;
    USHORT CreationDate, AccessDate, UpdateDate, UpdateTime;
    ULONG Owner;                        /* the creator's object ID */
    USHORT ArchiveDate, ArchiveTime;
    UCHAR Reserved[NCP_SCAN_RESERVED];
} NCP_FILE_ENTRY, *PNCP_FILE_ENTRY;

typedef struct _NCP_SERVER_INFO {
    CHAR ServerName[NCP_SERVER_NAME_LENGTH + 1];
    UCHAR OsMajor, OsMinor;
    USHORT MaxConnections, ConnectionsInUse, MaxVolumes;
    UCHAR OsRevision, SftLevel, TtsLevel;
    USHORT PeakConnections;
    UCHAR Rest[NCP_SERVER_INFO_REST];   /* versions, product, reserved: as they came */
} NCP_SERVER_INFO, *PNCP_SERVER_INFO;

typedef struct _NCP_VOLUME_INFO {
    USHORT SectorsPerCluster, TotalClusters, FreeClusters;
    USHORT TotalDirSlots, FreeDirSlots;
    CHAR Name[NCP_VOLUME_NAME_LENGTH + 1];
    USHORT Removable;
} NCP_VOLUME_INFO, *PNCP_VOLUME_INFO;

typedef struct _NCP_REPLY {
    NCP_REPLY_HEADER Header;
    union {
        struct { USHORT BufferSize; } Negotiate;
        NCP_SERVER_INFO ServerInfo;
        struct { UCHAR Key[NCP_LOGIN_KEY_LENGTH]; } LoginKey;
        struct {
            ULONG ObjectId;             /* big-endian on the wire */
            USHORT ObjectType;
            CHAR Name[NCP_OBJECT_NAME_LENGTH + 1];
        } Object;                       /* 0x17/0x35 */
        NCP_FILE_ENTRY FileEntry;       /* 0x17/0x0F */
        NCP_VOLUME_INFO VolumeInfo;
        struct { UCHAR Volume; } VolumeNumber;
        struct { UCHAR Handle, Rights; } AllocDir;
        struct {
            UCHAR Volume;
            USHORT DirectoryId, Sequence;
            UCHAR Rights;
        } SearchInit;
        NCP_SEARCH_ENTRY SearchEntry;
        NCP_FILE_INFO File;             /* 0x41, 0x43, 0x4C, 0x4D */
        struct { ULONG Size; } FileSize;
        /* Pad is the byte before the data when the offset read was odd. */
        struct { USHORT Count; UCHAR Pad; const UCHAR *Data; } Read;
    } u;
} NCP_REPLY, *PNCP_REPLY;

NTSTATUS NcpSetString(PNCP_STRING String, PCSTR Text);

NTSTATUS NcpEncodeRequest(PUCHAR Buffer, ULONG Length,
                          const NCP_REQUEST *Request, PULONG Written);
NTSTATUS NcpDecodeRequest(const UCHAR *Buffer, ULONG Length,
                          PNCP_REQUEST Request);
NTSTATUS NcpEncodeReply(PUCHAR Buffer, ULONG Length,
                        const NCP_REQUEST *Request, const NCP_REPLY *Reply,
                        PULONG Written);
NTSTATUS NcpDecodeReply(const UCHAR *Buffer, ULONG Length,
                        const NCP_REQUEST *Request, PNCP_REPLY Reply);
NTSTATUS NcpEncodeReplyHeader(PUCHAR Buffer, ULONG Length,
                              const NCP_REPLY_HEADER *Header, PULONG Written);
NTSTATUS NcpDecodeReplyHeader(const UCHAR *Buffer, ULONG Length,
                              PNCP_REPLY_HEADER Header);

/*
 * ncpserv's control channel: one IPX packet to NCP_CONTROL_SOCKET on the
 * server, carrying the key the harness gave ncpserv (--control-key); a
 * message with another key, or to a server given none, is dropped unseen.
 * Reset restores the deterministic state and makes Epoch current; the
 * server answers with the same message, Operation | 0x80, Result 0.
 */
#define NCP_CONTROL_SOCKET        0x8F00
#define NCP_CONTROL_MAGIC         0x4E53434CUL     /* "NSCL" */
#define NCP_CONTROL_KEY_LENGTH    8
#define NCP_CONTROL_LENGTH        (10 + NCP_CONTROL_KEY_LENGTH)
#define NCP_CONTROL_RESET         0x01
#define NCP_CONTROL_REPLY         0x80

typedef struct _NCP_CONTROL {
    UCHAR Operation;
    UCHAR Result;
    ULONG Epoch;
    UCHAR Key[NCP_CONTROL_KEY_LENGTH];
} NCP_CONTROL, *PNCP_CONTROL;

NTSTATUS NcpEncodeControl(PUCHAR Buffer, ULONG Length,
                          const NCP_CONTROL *Control, PULONG Written);
NTSTATUS NcpDecodeControl(const UCHAR *Buffer, ULONG Length,
                          PNCP_CONTROL Control);

/*
 * ncpserv's echo, the far end of `make bench`'s raw IPX exchange: a
 * datagram to NCP_ECHO_SOCKET whose first word (big-endian) is N, from
 * NCP_ECHO_MIN to an IPX packet's whole data (1470), is answered by one
 * datagram of N bytes and the request's packet type: the request's own
 * bytes, as many as fit, then zeros. Anything else gets no answer.
 */
#define NCP_ECHO_SOCKET           0x8F01
#define NCP_ECHO_MIN              2

#endif
