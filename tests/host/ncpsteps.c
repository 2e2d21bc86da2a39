/*
 * ncpsteps.c - the steps the host test client's scenarios are made of
 * (ncpsteps.h): one NCP exchange each, plus the host-side views (hashes,
 * listings) they are checked against.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "drivers/nwrdr/nwcrypt.h"
#include "tests/host/ncpsteps.h"

void NcCheck(NC_RUN *Run, int Passed, const char *What)
{
    Run->Check++;
    printf("%sok %d - %s\n", Passed ? "" : "not ", Run->Check, What);
    if (!Passed)
        Run->Failed = 1;
}

/* One exchange; a silent server ends the run with exit status 3. */
UCHAR NcDo(NC_RUN *Run, NCP_REQUEST *Request, NCP_REPLY *Reply)
{
    NTSTATUS Status = NcTransact(&Run->Client, Request, Reply);

    if (Status == STATUS_IO_TIMEOUT) {
        printf("timeout at transaction %lu\n", Run->Client.Stats.Transactions);
        exit(3);
    }
    if (!NT_SUCCESS(Status)) {
        printf("bad reply: status 0x%08X\n", (unsigned)Status);
        exit(1);
    }
    return Reply->Header.CompletionCode;
}

NCP_REQUEST NcMake(USHORT Type, UCHAR Function, UCHAR SubFunction)
{
    NCP_REQUEST Request;

    memset(&Request, 0, sizeof(Request));
    Request.Header.Type = Type;
    Request.Header.Function = Function;
    Request.SubFunction = SubFunction;
    return Request;
}

UCHAR NcObjectId(NC_RUN *Run, const char *User, ULONG *ObjectId)
{
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, NCP_CONNECTION_SERVICES,
                                 NCP_GET_OBJECT_ID);
    NCP_REPLY Reply;
    UCHAR Code;

    Request.u.Object.ObjectType = NCP_OBJECT_USER;
    NcpSetString(&Request.u.Object.Name, User);
    Code = NcDo(Run, &Request, &Reply);
    *ObjectId = Reply.u.Object.ObjectId;
    return Code;
}

UCHAR NcLoginKey(NC_RUN *Run, UCHAR *Key)
{
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, NCP_CONNECTION_SERVICES,
                                 NCP_GET_LOGIN_KEY);
    NCP_REPLY Reply;
    UCHAR Code = NcDo(Run, &Request, &Reply);

    memcpy(Key, Reply.u.LoginKey.Key, NCP_LOGIN_KEY_LENGTH);
    return Code;
}

UCHAR NcKeyedLogin(NC_RUN *Run, const char *User, ULONG ObjectId, const char *Password,
                   const UCHAR *Key)
{
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, NCP_CONNECTION_SERVICES,
                                 NCP_KEYED_LOGIN);
    UCHAR Hash[NW_HASH_LENGTH];
    NCP_REPLY Reply;

    NwHashPassword(ObjectId, Password, Hash);
    NwEncryptHash(Key, Hash, Request.u.KeyedLogin.Key);
    Request.u.KeyedLogin.ObjectType = NCP_OBJECT_USER;
    NcpSetString(&Request.u.KeyedLogin.Name, User);
    return NcDo(Run, &Request, &Reply);
}

/* As NetWare 3.x clients log in: object ID, key, keyed login. */
UCHAR NcLogin(NC_RUN *Run, const char *User, const char *Password)
{
    UCHAR Key[NCP_LOGIN_KEY_LENGTH], Code;
    ULONG ObjectId;

    Code = NcObjectId(Run, User, &ObjectId);
    if (Code == NCP_OK)
        Code = NcLoginKey(Run, Key);
    if (Code == NCP_OK)
        Code = NcKeyedLogin(Run, User, ObjectId, Password, Key);
    return Code;
}

UCHAR NcPlainLogin(NC_RUN *Run, const char *User, const char *Password)
{
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, NCP_CONNECTION_SERVICES,
                                  NCP_LOGIN_OBJECT);
    NCP_REPLY Reply;

    Request.u.Login.ObjectType = NCP_OBJECT_USER;
    NcpSetString(&Request.u.Login.Name, User);
    NcpSetString(&Request.u.Login.Password, Password);
    return NcDo(Run, &Request, &Reply);
}

UCHAR NcAllocDir(NC_RUN *Run, const char *Path, UCHAR *Handle)
{
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, NCP_DIRECTORY_SERVICES,
                                  NCP_ALLOC_TEMPORARY_DIR);
    NCP_REPLY Reply;
    UCHAR Code;

    Request.u.AllocDir.DriveLetter = 'F';
    NcpSetString(&Request.u.AllocDir.Path, Path);
    Code = NcDo(Run, &Request, &Reply);
    *Handle = Reply.u.AllocDir.Handle;
    return Code;
}

UCHAR NcOpenFile(NC_RUN *Run, UCHAR Function, UCHAR DirHandle,
                     const char *Name, NCP_FILE_INFO *Info)
{
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, Function, 0);
    NCP_REPLY Reply;
    UCHAR Code;

    Request.u.Open.DirHandle = DirHandle;
    Request.u.Open.SearchAttributes = 0x06;
    Request.u.Open.AccessRights = NCP_ACCESS_READ | NCP_ACCESS_WRITE;
    NcpSetString(&Request.u.Open.Name, Name);
    if (Function == NCP_CREATE_NEW_FILE || Function == NCP_CREATE_FILE) {
        Request.u.Create.DirHandle = DirHandle;
        NcpSetString(&Request.u.Create.Name, Name);
    }
    Code = NcDo(Run, &Request, &Reply);
    *Info = Reply.u.File;
    return Code;
}

UCHAR NcHandleOp(NC_RUN *Run, UCHAR Function, const UCHAR *Handle)
{
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, Function, 0);
    NCP_REPLY Reply;

    memcpy(Request.u.File.Handle, Handle, NCP_FILE_HANDLE_LENGTH);
    return NcDo(Run, &Request, &Reply);
}

/* FNV-1a, enough to tell two byte streams apart. */
unsigned long NcHash(unsigned long Hash, const UCHAR *Data, size_t Length)
{
    while (Length--)
        Hash = (Hash ^ *Data++) * 16777619UL & 0xFFFFFFFFUL;
    return Hash;
}

unsigned long NcHashFile(const char *Path, long *Size)
{
    UCHAR Buffer[4096];
    unsigned long Hash = 2166136261UL;
    size_t Got;
    FILE *File = fopen(Path, "rb");

    *Size = 0;
    if (!File)
        return 0;
    while ((Got = fread(Buffer, 1, sizeof(Buffer), File)) > 0) {
        Hash = NcHash(Hash, Buffer, Got);
        *Size += (long)Got;
    }
    fclose(File);
    return Hash;
}

/* Reads the whole file in odd-sized pieces, so odd offsets are exercised. */
unsigned long NcReadAll(NC_RUN *Run, const UCHAR *Handle, long *Size)
{
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, NCP_READ_FILE, 0);
    NCP_REPLY Reply;
    unsigned long Hash = 2166136261UL;

    *Size = 0;
    memcpy(Request.u.Io.Handle, Handle, NCP_FILE_HANDLE_LENGTH);
    for (;;) {
        Request.u.Io.Offset = (ULONG)*Size;
        Request.u.Io.Count = 777;
        if (NcDo(Run, &Request, &Reply) != NCP_OK || Reply.u.Read.Count == 0)
            return Hash;
        Hash = NcHash(Hash, Reply.u.Read.Data, Reply.u.Read.Count);
        *Size += Reply.u.Read.Count;
    }
}

UCHAR NcWrite(NC_RUN *Run, const UCHAR *Handle, ULONG Offset,
                      const UCHAR *Data, USHORT Count)
{
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, NCP_WRITE_FILE, 0);
    NCP_REPLY Reply;

    memcpy(Request.u.Io.Handle, Handle, NCP_FILE_HANDLE_LENGTH);
    Request.u.Io.Offset = Offset;
    Request.u.Io.Count = Count;
    Request.u.Io.Data = Data;
    return NcDo(Run, &Request, &Reply);
}

/* The listing by 0x3E/0x3F, names joined by spaces. */
UCHAR NcList(NC_RUN *Run, UCHAR DirHandle, UCHAR Attributes,
                     char *Out, size_t Size)
{
    NCP_REQUEST Request = NcMake(NCP_TYPE_REQUEST, NCP_FILE_SEARCH_INIT, 0);
    NCP_REPLY Reply;
    UCHAR Code;

    Request.u.SearchInit.DirHandle = DirHandle;
    NcpSetString(&Request.u.SearchInit.Path, "");
    Code = NcDo(Run, &Request, &Reply);
    if (Code != NCP_OK)
        return Code;
    Request = NcMake(NCP_TYPE_REQUEST, NCP_FILE_SEARCH_CONTINUE, 0);
    Request.u.SearchContinue.Volume = Reply.u.SearchInit.Volume;
    Request.u.SearchContinue.DirectoryId = Reply.u.SearchInit.DirectoryId;
    Request.u.SearchContinue.Sequence = Reply.u.SearchInit.Sequence;
    Request.u.SearchContinue.SearchAttributes = Attributes;
    NcpSetString(&Request.u.SearchContinue.Pattern, "*.*");
    Out[0] = '\0';
    while (NcDo(Run, &Request, &Reply) == NCP_OK) {
        if (Out[0])
            strncat(Out, " ", Size - strlen(Out) - 1);
        strncat(Out, Reply.u.SearchEntry.Name, Size - strlen(Out) - 1);
        Request.u.SearchContinue.Sequence = Reply.u.SearchEntry.Sequence;
    }
    return NCP_OK;
}

static int NcpCompareNames(const void *Left, const void *Right)
{
    return strcmp(*(char *const *)Left, *(char *const *)Right);
}

/* The same listing made from the host folder, to compare with NcList. */
void NcHostList(const char *Folder, int Directories, char *Out,
                        size_t Size)
{
    char *Names[256], Path[1024];
    struct dirent *Entry;
    struct stat Info;
    int Count = 0, Index;
    DIR *Dir = opendir(Folder);

    Out[0] = '\0';
    while (Dir && (Entry = readdir(Dir)) != NULL && Count < 256) {
        snprintf(Path, sizeof(Path), "%s/%s", Folder, Entry->d_name);
        if (Entry->d_name[0] == '.' || stat(Path, &Info) < 0 ||
            (Directories ? !S_ISDIR(Info.st_mode) : !S_ISREG(Info.st_mode)))
            continue;
        Names[Count++] = strdup(Entry->d_name);
    }
    if (Dir)
        closedir(Dir);
    qsort(Names, (size_t)Count, sizeof(Names[0]), NcpCompareNames);
    for (Index = 0; Index < Count; Index++) {
        if (Out[0])
            strncat(Out, " ", Size - strlen(Out) - 1);
        strncat(Out, Names[Index], Size - strlen(Out) - 1);
        free(Names[Index]);
    }
}

