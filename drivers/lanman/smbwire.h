/*
 * smbwire.h - the SMB wire codec: the messages of the core dialect ("PC
 * NETWORK PROGRAM 1.0") and LAN Manager 1.0 ("LANMAN1.0") that irplab's
 * SMB redirector and smbserv speak, and NMPI, the name query of SMB's
 * direct hosting over IPX.
 *
 * Built from one source for the kernel and the host, on ipxwire.h's
 * cursor, with the same rules and status mapping (ipxwire.h), plus:
 *   STATUS_NOT_IMPLEMENTED   a well-formed request of a command this codec
 *                            does not know, or one that chains a second
 *                            command (AndX): the header is filled in so a
 *                            server can answer it with an error
 *
 * Direct hosting: an SMB message is the whole of one IPX datagram (packet
 * type 4), to the server's socket SMB_SOCKET_SERVER from the redirector's
 * (SMB_SOCKET_REDIRECTOR), with no NetBIOS layer between. The 8 bytes a
 * session-based SMB keeps for a signature carry the connectionless fields
 * instead: a Key and a Sid (the connection, both given by the server at
 * NEGOTIATE) and a SequenceNumber, by which a server tells a retransmission
 * from a new request (docs/SMBSERV.md says how smbserv uses them). A
 * client finds a server's address by broadcasting an NMPI name query for
 * its NetBIOS name to SMB_SOCKET_NAME; the server answers "name found".
 *
 * Layout. Every SMB is a 32-byte header, a word count and that many 16-bit
 * words, a byte count and that many bytes; all little-endian. Each command
 * has one word count per direction here (LANMAN1.0's forms of the AndX
 * commands; NEGOTIATE's reply has the core form, 1 word, and LANMAN1.0's,
 * 13, which SMB_REPLY.u.Negotiate.LanMan chooses), and a decoder refuses
 * any other, a byte count that disagrees with the bytes that arrived, and
 * a byte area its command does not use to the last byte. A reply whose
 * error class is not SMB_SUCCESS carries no words and no bytes, whatever
 * its command. The flags' SMB_FLAGS_REPLY bit tells a reply from a
 * request; each decoder refuses the other kind.
 *
 * Round trip, as ipxwire.h's: whatever a decoder accepts, its encoder
 * writes back byte for byte, and the reverse. Strings are ASCII and
 * NUL-terminated on the wire (a name field holds no NUL of its own), so
 * the structures hold them as C strings; the core commands' strings carry
 * their buffer-format byte (0x04, 0x02 for a dialect), which the decoder
 * checks. Fixed-width names (a directory entry's) are NUL-padded.
 * tests/fuzz checks both directions on every input.
 *
 * What a message carries as data (WRITE's and READ's bytes, ECHO's, a
 * SEARCH reply's entries) is not copied: a decoder points into the buffer
 * it was given, an encoder copies from where the structure points. A
 * SEARCH reply's entries are SMB_DIRECTORY_ENTRY_LENGTH bytes each,
 * encoded and decoded one at a time (SmbEncodeDirectoryEntry,
 * SmbDecodeDirectoryEntry) so that neither side needs room for a whole
 * reply's worth of structures.
 *
 * Interface (smbwire.c the messages, smbnames.c the tables and NMPI):
 *   SmbEncodeRequest, SmbDecodeRequest       whole requests
 *   SmbEncodeReply, SmbDecodeReply           whole replies (the command in
 *                                            the header says which layout)
 *   SmbDecodeHeader                          the 32-byte header alone, to
 *                                            match a reply to its request
 *   SmbEncodeDirectoryEntry, SmbDecodeDirectoryEntry
 *                                            one entry of a SEARCH reply
 *   SmbEncodeName, SmbDecodeName             NMPI messages
 *   SmbSetNetbiosName                        a NetBIOS name and its suffix
 *   SmbErrorToStatus                         a DOS error class and code as
 *                                            the NTSTATUS a redirector
 *                                            completes with
 *   SmbCommandName                           for logs
 */
#ifndef SMBWIRE_H
#define SMBWIRE_H

#include "ntdef.h"

/* IPX sockets of direct hosting, and the packet type it travels in. */
#define SMB_SOCKET_SERVER        0x0550
#define SMB_SOCKET_NAME          0x0551  /* NMPI: name claims and queries */
#define SMB_SOCKET_REDIRECTOR    0x0552
#define SMB_IPX_TYPE             0x04

#define SMB_HEADER_LENGTH        32
#define SMB_MAX_MESSAGE          1450    /* what smbserv negotiates: fits every framing */

/* Commands. */
#define SMB_COM_CREATE_DIRECTORY       0x00
#define SMB_COM_DELETE_DIRECTORY       0x01
#define SMB_COM_OPEN                   0x02
#define SMB_COM_CREATE                 0x03
#define SMB_COM_CLOSE                  0x04
#define SMB_COM_FLUSH                  0x05
#define SMB_COM_DELETE                 0x06
#define SMB_COM_RENAME                 0x07
#define SMB_COM_QUERY_INFORMATION      0x08
#define SMB_COM_SET_INFORMATION        0x09
#define SMB_COM_READ                   0x0A
#define SMB_COM_WRITE                  0x0B
#define SMB_COM_CREATE_NEW             0x0F
#define SMB_COM_CHECK_DIRECTORY        0x10
#define SMB_COM_ECHO                   0x2B
#define SMB_COM_OPEN_ANDX              0x2D
#define SMB_COM_TREE_CONNECT           0x70
#define SMB_COM_TREE_DISCONNECT        0x71
#define SMB_COM_NEGOTIATE              0x72
#define SMB_COM_SESSION_SETUP_ANDX     0x73
#define SMB_COM_LOGOFF_ANDX            0x74
#define SMB_COM_TREE_CONNECT_ANDX      0x75
#define SMB_COM_QUERY_INFORMATION_DISK 0x80
#define SMB_COM_SEARCH                 0x81
#define SMB_NO_ANDX                    0xFF    /* AndX: no further command */

/* Header flags. */
#define SMB_FLAGS_CASELESS       0x08    /* path names are caseless */
#define SMB_FLAGS_REPLY          0x80

/* The dialects, as NEGOTIATE names them. */
#define SMB_DIALECT_CORE         "PC NETWORK PROGRAM 1.0"
#define SMB_DIALECT_LANMAN       "LANMAN1.0"
#define SMB_NO_DIALECT           0xFFFF  /* NEGOTIATE: none of those offered */

/* LANMAN1.0 NEGOTIATE: security mode bits. */
#define SMB_SECURITY_USER        0x0001  /* user-level, not share-level */
#define SMB_SECURITY_ENCRYPT     0x0002  /* challenge/response passwords */

/* File attributes, DOS's (search attributes use the same bits). */
#define SMB_ATTR_READ_ONLY       0x01
#define SMB_ATTR_HIDDEN          0x02
#define SMB_ATTR_SYSTEM          0x04
#define SMB_ATTR_VOLUME          0x08
#define SMB_ATTR_DIRECTORY       0x10
#define SMB_ATTR_ARCHIVE         0x20

/* OPEN's and OPEN_ANDX's access mode: the low bits; sharing above. */
#define SMB_ACCESS_READ          0x0000
#define SMB_ACCESS_WRITE         0x0001
#define SMB_ACCESS_READ_WRITE    0x0002
#define SMB_ACCESS_MASK          0x0007

/* OPEN_ANDX's open function, and the action its reply reports. */
#define SMB_OPEN_FAIL_IF_EXISTS  0x0000
#define SMB_OPEN_IF_EXISTS       0x0001
#define SMB_OPEN_TRUNCATE        0x0002
#define SMB_OPEN_EXISTS_MASK     0x0003
#define SMB_OPEN_CREATE          0x0010  /* create when it does not exist */
#define SMB_ACTION_OPENED        1
#define SMB_ACTION_CREATED       2
#define SMB_ACTION_TRUNCATED     3

/*
 * Errors as these dialects return them: a class and a DOS-style code.
 * SmbErrorToStatus gives the NTSTATUS of each (smbwire.c has the table).
 */
#define SMB_SUCCESS              0x00
#define SMB_ERRDOS               0x01
#define SMB_ERRSRV               0x02
#define SMB_ERRHRD               0x03
/* ERRDOS codes */
#define SMB_ERRbadfunc           1       /* no such function */
#define SMB_ERRbadfile           2       /* file not found */
#define SMB_ERRbadpath           3       /* directory not found */
#define SMB_ERRnofids            4       /* too many open files */
#define SMB_ERRnoaccess          5       /* access denied */
#define SMB_ERRbadfid            6       /* invalid file handle */
#define SMB_ERRnomem             8
#define SMB_ERRbadaccess         12      /* invalid open mode */
#define SMB_ERRremcd             16      /* remove the current directory */
#define SMB_ERRdiffdevice        17      /* rename across devices */
#define SMB_ERRnofiles           18      /* no more files */
#define SMB_ERRbadshare          32      /* sharing violation */
#define SMB_ERRlock              33
#define SMB_ERRfilexists         80      /* the file exists */
#define SMB_ERRinvalidparam      87
#define SMB_ERRinvalidname       123
#define SMB_ERRdirnotempty       145
/* ERRSRV codes */
#define SMB_ERRerror             1       /* non-specific (a malformed request) */
#define SMB_ERRbadpw             2       /* bad account name or password */
#define SMB_ERRaccess            4       /* no access rights to the share */
#define SMB_ERRinvnid            5       /* invalid tree id */
#define SMB_ERRinvnetname        6       /* no such share */
#define SMB_ERRinvdevice         7       /* wrong service type */
#define SMB_ERRsmbcmd            64      /* unknown command */
#define SMB_ERRnoresource        89      /* no resources for the request (no free connection) */
#define SMB_ERRbaduid            91      /* invalid user id */
#define SMB_ERRnosupport         0xFFFF
/* ERRHRD codes */
#define SMB_ERRwrite             29
#define SMB_ERRgeneral           31
#define SMB_ERRdiskfull          39

/* Sizes. */
#define SMB_MAX_DIALECTS         12
#define SMB_DIALECT_LENGTH       31
#define SMB_MAX_PATH             255     /* a path's characters, without the NUL */
#define SMB_MAX_NAME             63      /* an account, a service */
#define SMB_MAX_PASSWORD         24
#define SMB_MAX_KEY              8       /* a LANMAN1.0 challenge */
#define SMB_RESUME_KEY_LENGTH    21
#define SMB_DIRECTORY_ENTRY_LENGTH 43
#define SMB_ENTRY_NAME_LENGTH    12      /* 8.3 with its dot */
#define SMB_NAME83_LENGTH        11      /* 8.3, space-padded, no dot */
#define SMB_RESERVED_WORDS       5       /* QUERY/SET_INFORMATION's */

typedef struct _SMB_HEADER {
    UCHAR Command;
    UCHAR ErrorClass;
    UCHAR Reserved;                      /* the byte after the class */
    USHORT Error;
    UCHAR Flags;
    USHORT Flags2;
    USHORT PidHigh;
    ULONG Key;                           /* connectionless: the server's key */
    USHORT Sid;                          /* connectionless: the connection */
    USHORT SequenceNumber;               /* connectionless: 0 unsequenced */
    USHORT Gid;                          /* reserved (Wireshark: "Group ID") */
    USHORT Tid, Pid, Uid, Mid;
} SMB_HEADER, *PSMB_HEADER;

/* The AndX block at the start of an AndX command's words. */
typedef struct _SMB_ANDX {
    UCHAR Command;                       /* SMB_NO_ANDX: irplab never chains */
    UCHAR Reserved;
    USHORT Offset;
} SMB_ANDX, *PSMB_ANDX;

/*
 * SEARCH's resume key: what a client gives back to go on after an entry.
 * Name is the entry's 8.3 name, space-padded, without the dot; the server
 * keeps its position in ServerState; ClientState comes back as sent.
 */
typedef struct _SMB_RESUME_KEY {
    UCHAR Reserved;
    CHAR Name[SMB_NAME83_LENGTH];
    UCHAR ServerState[5];
    UCHAR ClientState[4];
} SMB_RESUME_KEY, *PSMB_RESUME_KEY;

typedef struct _SMB_DIRECTORY_ENTRY {
    SMB_RESUME_KEY ResumeKey;
    UCHAR FileAttributes;
    USHORT LastWriteTime, LastWriteDate; /* DOS's */
    ULONG FileSize;
    CHAR FileName[SMB_ENTRY_NAME_LENGTH + 1];   /* 13 bytes on the wire */
} SMB_DIRECTORY_ENTRY, *PSMB_DIRECTORY_ENTRY;

typedef struct _SMB_REQUEST {
    SMB_HEADER Header;
    union {
        /* NEGOTIATE: the dialects offered, in order. */
        struct {
            ULONG DialectCount;
            CHAR Dialects[SMB_MAX_DIALECTS][SMB_DIALECT_LENGTH + 1];
        } Negotiate;
        /* SESSION_SETUP_ANDX: the password as sent (plain text here). */
        struct {
            SMB_ANDX AndX;
            USHORT MaxBufferSize, MaxMpxCount, VcNumber;
            ULONG SessionKey;
            USHORT PasswordLength;
            ULONG Reserved;
            UCHAR Password[SMB_MAX_PASSWORD];
            CHAR Account[SMB_MAX_NAME + 1];
        } SessionSetup;
        /*
         * TREE_CONNECT (core: Path, Password and Service as strings, AndX
         * and Flags unused) and TREE_CONNECT_ANDX (Password as
         * PasswordLength bytes). Path is "\\SERVER\SHARE"; Service "A:" a
         * disk, "?????" any.
         */
        struct {
            SMB_ANDX AndX;
            USHORT Flags, PasswordLength;
            UCHAR Password[SMB_MAX_PASSWORD + 1];
            CHAR Path[SMB_MAX_PATH + 1];
            CHAR Service[SMB_MAX_NAME + 1];
        } TreeConnect;
        struct {                         /* OPEN */
            USHORT AccessMode, SearchAttributes;
            CHAR Name[SMB_MAX_PATH + 1];
        } Open;
        struct {                         /* OPEN_ANDX */
            SMB_ANDX AndX;
            USHORT Flags, AccessMode, SearchAttributes, FileAttributes;
            ULONG CreationTime;
            USHORT OpenFunction;
            ULONG AllocationSize, Timeout, Reserved;
            CHAR Name[SMB_MAX_PATH + 1];
        } OpenAndX;
        struct {                         /* CREATE, CREATE_NEW */
            USHORT FileAttributes;
            ULONG CreationTime;
            CHAR Name[SMB_MAX_PATH + 1];
        } Create;
        /* CLOSE (LastWriteTime: 0 or 0xFFFFFFFF leaves it), FLUSH (Fid only). */
        struct { USHORT Fid; ULONG LastWriteTime; } File;
        /* CREATE_DIRECTORY, DELETE_DIRECTORY, CHECK_DIRECTORY,
           QUERY_INFORMATION. */
        struct { CHAR Name[SMB_MAX_PATH + 1]; } Path;
        struct {                         /* DELETE: Name may hold wildcards */
            USHORT SearchAttributes;
            CHAR Name[SMB_MAX_PATH + 1];
        } Delete;
        struct {
            USHORT SearchAttributes;
            CHAR Name[SMB_MAX_PATH + 1], NewName[SMB_MAX_PATH + 1];
        } Rename;
        struct {                         /* SET_INFORMATION */
            USHORT FileAttributes;
            ULONG LastWriteTime;         /* seconds since 1970; 0 leaves it */
            USHORT Reserved[SMB_RESERVED_WORDS];
            CHAR Name[SMB_MAX_PATH + 1];
        } SetInformation;
        /* READ and WRITE; Data (WRITE only) points at Count bytes. A WRITE
           of 0 bytes sets the file's end at Offset. */
        struct {
            USHORT Fid, Count;
            ULONG Offset;
            USHORT Remaining;
            const UCHAR *Data;
        } Io;
        /*
         * SEARCH: the first call gives Pattern and no resume key; each next
         * one gives an empty Pattern and the resume key of the last entry
         * it got (ResumeKeyLength SMB_RESUME_KEY_LENGTH).
         */
        struct {
            USHORT MaxCount, SearchAttributes;
            CHAR Pattern[SMB_MAX_PATH + 1];
            USHORT ResumeKeyLength;
            SMB_RESUME_KEY ResumeKey;
        } Search;
        struct {                         /* ECHO: Data points at DataLength bytes */
            USHORT EchoCount, DataLength;
            const UCHAR *Data;
        } Echo;
        struct { SMB_ANDX AndX; } Logoff;   /* LOGOFF_ANDX */
    } u;
} SMB_REQUEST, *PSMB_REQUEST;

typedef struct _SMB_REPLY {
    SMB_HEADER Header;
    union {
        /*
         * NEGOTIATE. LanMan FALSE: the core form, DialectIndex alone (also
         * the answer when no dialect was acceptable). TRUE: LANMAN1.0's,
         * with the Key of KeyLength bytes when SecurityMode asks for
         * encrypted passwords.
         */
        struct {
            BOOLEAN LanMan;
            USHORT DialectIndex;
            USHORT SecurityMode, MaxBufferSize, MaxMpxCount, MaxVcs, RawMode;
            ULONG SessionKey;
            USHORT ServerTime, ServerDate;      /* DOS's */
            USHORT TimeZone;                    /* minutes west of UTC */
            USHORT KeyLength, Reserved;
            UCHAR Key[SMB_MAX_KEY];
        } Negotiate;
        struct { SMB_ANDX AndX; USHORT Action; } SessionSetup;   /* Action 1: as guest */
        struct { USHORT MaxBufferSize, Tid; } TreeConnect;
        struct {                         /* TREE_CONNECT_ANDX: Tid in the header */
            SMB_ANDX AndX;
            CHAR Service[SMB_MAX_NAME + 1];
        } TreeConnectAndX;
        struct {                         /* OPEN */
            USHORT Fid, FileAttributes;
            ULONG LastWriteTime, FileSize;
            USHORT AccessMode;
        } Open;
        struct {                         /* OPEN_ANDX */
            SMB_ANDX AndX;
            USHORT Fid, FileAttributes;
            ULONG LastWriteTime, DataSize;
            USHORT GrantedAccess, FileType, DeviceState, Action;
            ULONG ServerFid;
            USHORT Reserved;
        } OpenAndX;
        struct { USHORT Fid; } Create;   /* CREATE, CREATE_NEW */
        struct {                         /* QUERY_INFORMATION */
            USHORT FileAttributes;
            ULONG LastWriteTime, FileSize;
            USHORT Reserved[SMB_RESERVED_WORDS];
        } QueryInformation;
        /* READ: Data points at Count bytes. Reserved: the 4 words after Count. */
        struct { USHORT Count, Reserved[4]; const UCHAR *Data; } Read;
        struct { USHORT Count; } Write;
        struct {                         /* QUERY_INFORMATION_DISK */
            USHORT TotalUnits, BlocksPerUnit, BlockSize, FreeUnits, Reserved;
        } QueryDisk;
        /* SEARCH: Data points at Count entries (SmbDecodeDirectoryEntry). */
        struct { USHORT Count; const UCHAR *Data; } Search;
        struct {                         /* ECHO: Data points at DataLength bytes */
            USHORT SequenceNumber, DataLength;
            const UCHAR *Data;
        } Echo;
        struct { SMB_ANDX AndX; } Logoff;
    } u;
} SMB_REPLY, *PSMB_REPLY;

NTSTATUS SmbEncodeRequest(PUCHAR Buffer, ULONG Length,
                          const SMB_REQUEST *Request, PULONG Written);
NTSTATUS SmbDecodeRequest(const UCHAR *Buffer, ULONG Length,
                          PSMB_REQUEST Request);
NTSTATUS SmbEncodeReply(PUCHAR Buffer, ULONG Length, const SMB_REPLY *Reply,
                        PULONG Written);
NTSTATUS SmbDecodeReply(const UCHAR *Buffer, ULONG Length, PSMB_REPLY Reply);
NTSTATUS SmbDecodeHeader(const UCHAR *Buffer, ULONG Length,
                         PSMB_HEADER Header);
NTSTATUS SmbEncodeDirectoryEntry(PUCHAR Buffer, ULONG Length,
                                 const SMB_DIRECTORY_ENTRY *Entry);
NTSTATUS SmbDecodeDirectoryEntry(const UCHAR *Buffer, ULONG Length,
                                 PSMB_DIRECTORY_ENTRY Entry);

/* A reply is an error when its class is not SMB_SUCCESS. */
NTSTATUS SmbErrorToStatus(UCHAR ErrorClass, USHORT Error);
PCSTR SmbCommandName(UCHAR Command);

/*
 * NMPI, the name management of direct hosting (IPX socket 0x0551, packet
 * type 4): 32 bytes of route (the networks a propagated query crossed;
 * zeros on one cable), an opcode, the name's type, a message id the answer
 * repeats, the name asked for and the sender's own: 68 bytes in all. A
 * NetBIOS name is 15 characters, space-padded, and a suffix byte that
 * says which service (0x20 a server, 0x00 a workstation).
 */
#define SMB_NAME_MESSAGE_LENGTH  68
#define SMB_NAME_ROUTE_LENGTH    32
#define SMB_NETBIOS_NAME_LENGTH  16
#define SMB_NAME_CLAIM           0xF1
#define SMB_NAME_DELETE          0xF2
#define SMB_NAME_QUERY           0xF3
#define SMB_NAME_FOUND           0xF4
#define SMB_NAME_MACHINE         0x01    /* name types */
#define SMB_NAME_WORKGROUP       0x02
#define SMB_SUFFIX_WORKSTATION   0x00
#define SMB_SUFFIX_SERVER        0x20

typedef struct _SMB_NAME_MESSAGE {
    UCHAR Route[SMB_NAME_ROUTE_LENGTH];
    UCHAR Opcode;
    UCHAR NameType;
    USHORT MessageId;
    CHAR Name[SMB_NETBIOS_NAME_LENGTH];          /* not NUL-terminated */
    CHAR SourceName[SMB_NETBIOS_NAME_LENGTH];
} SMB_NAME_MESSAGE, *PSMB_NAME_MESSAGE;

NTSTATUS SmbEncodeName(PUCHAR Buffer, ULONG Length,
                       const SMB_NAME_MESSAGE *Message, PULONG Written);
NTSTATUS SmbDecodeName(const UCHAR *Buffer, ULONG Length,
                       PSMB_NAME_MESSAGE Message);
/* Name in upper case, space-padded to 15, then Suffix; a name over 15
   characters is STATUS_INVALID_PARAMETER. */
NTSTATUS SmbSetNetbiosName(CHAR Out[SMB_NETBIOS_NAME_LENGTH], PCSTR Name,
                           UCHAR Suffix);

#endif
