/*
 * smbsteps.c - the SMB test client's steps (smbsteps.h).
 */
#include <stdlib.h>
#include <string.h>

#include "tests/host/smbsteps.h"

void ScCheck(SC_RUN *Run, int Passed, const char *What)
{
    Run->Check++;
    printf("%sok %d - %s\n", Passed ? "" : "not ", Run->Check, What);
    if (!Passed)
        Run->Failed++;
}

SMB_REQUEST ScMake(UCHAR Command)
{
    SMB_REQUEST Request;

    memset(&Request, 0, sizeof(Request));
    Request.Header.Command = Command;
    return Request;
}

NTSTATUS ScDo(SC_RUN *Run, SMB_REQUEST *Request, SMB_REPLY *Reply)
{
    NTSTATUS Status = ScTransact(&Run->Client, Request, Reply);

    if (Status == STATUS_IO_TIMEOUT) {
        printf("timeout at transaction %lu\n", Run->Client.Transactions);
        exit(3);
    }
    if (!NT_SUCCESS(Status))
        return Status;
    return SmbErrorToStatus(Reply->Header.ErrorClass, Reply->Header.Error);
}

NTSTATUS ScNegotiate(SC_RUN *Run, const char *const *Dialects, ULONG Count, SMB_REPLY *Reply)
{
    SMB_REQUEST Request = ScMake(SMB_COM_NEGOTIATE);
    NTSTATUS Status;
    ULONG Index;

    Request.u.Negotiate.DialectCount = Count;
    for (Index = 0; Index < Count; Index++)
        strcpy(Request.u.Negotiate.Dialects[Index], Dialects[Index]);
    Run->Client.Sid = 0;
    Run->Client.Key = 0;
    Run->Client.Sequence = 0;
    Status = ScDo(Run, &Request, Reply);
    Run->Client.Sid = Reply->Header.Sid;
    Run->Client.Key = Reply->Header.Key;
    return Status;
}

NTSTATUS ScLogon(SC_RUN *Run, const char *Account, const char *Password)
{
    SMB_REQUEST Request = ScMake(SMB_COM_SESSION_SETUP_ANDX);
    SMB_REPLY Reply;
    NTSTATUS Status;

    Request.u.SessionSetup.AndX.Command = SMB_NO_ANDX;
    Request.u.SessionSetup.MaxBufferSize = SMB_MAX_MESSAGE;
    Request.u.SessionSetup.MaxMpxCount = 1;
    Request.u.SessionSetup.PasswordLength = (USHORT)strlen(Password);
    memcpy(Request.u.SessionSetup.Password, Password, strlen(Password));
    strcpy(Request.u.SessionSetup.Account, Account);
    Status = ScDo(Run, &Request, &Reply);
    if (NT_SUCCESS(Status))
        Run->Client.Uid = Reply.Header.Uid;
    return Status;
}

NTSTATUS ScConnect(SC_RUN *Run, const char *Path)
{
    SMB_REQUEST Request = ScMake(SMB_COM_TREE_CONNECT_ANDX);
    SMB_REPLY Reply;
    NTSTATUS Status;

    Request.u.TreeConnect.AndX.Command = SMB_NO_ANDX;
    Request.u.TreeConnect.PasswordLength = 1;        /* user-level: the NUL alone */
    strcpy(Request.u.TreeConnect.Path, Path);
    strcpy(Request.u.TreeConnect.Service, "?????");
    Status = ScDo(Run, &Request, &Reply);
    if (NT_SUCCESS(Status))
        Run->Client.Tid = Reply.Header.Tid;
    return Status;
}

NTSTATUS ScNamed(SC_RUN *Run, UCHAR Command, const char *Name, USHORT Mode, USHORT *Fid)
{
    SMB_REQUEST Request = ScMake(Command);
    SMB_REPLY Reply;
    NTSTATUS Status;

    switch (Command) {
    case SMB_COM_OPEN:
        Request.u.Open.AccessMode = Mode;
        strcpy(Request.u.Open.Name, Name);
        break;
    case SMB_COM_CREATE:
    case SMB_COM_CREATE_NEW:
        Request.u.Create.FileAttributes = SMB_ATTR_ARCHIVE;
        strcpy(Request.u.Create.Name, Name);
        break;
    case SMB_COM_DELETE:
        strcpy(Request.u.Delete.Name, Name);
        break;
    default:
        strcpy(Request.u.Path.Name, Name);
    }
    Status = ScDo(Run, &Request, &Reply);
    if (NT_SUCCESS(Status) && Fid)
        *Fid = Command == SMB_COM_OPEN ? Reply.u.Open.Fid : Reply.u.Create.Fid;
    return Status;
}

NTSTATUS ScCloseFile(SC_RUN *Run, USHORT Fid)
{
    SMB_REQUEST Request = ScMake(SMB_COM_CLOSE);
    SMB_REPLY Reply;

    Request.u.File.Fid = Fid;
    return ScDo(Run, &Request, &Reply);
}

NTSTATUS ScWrite(SC_RUN *Run, USHORT Fid, ULONG Offset, const UCHAR *Data, USHORT Count)
{
    SMB_REQUEST Request = ScMake(SMB_COM_WRITE);
    SMB_REPLY Reply;
    NTSTATUS Status;

    Request.u.Io.Fid = Fid;
    Request.u.Io.Offset = Offset;
    Request.u.Io.Count = Count;
    Request.u.Io.Data = Data;
    Status = ScDo(Run, &Request, &Reply);
    return NT_SUCCESS(Status) && Count && Reply.u.Write.Count != Count ? STATUS_UNSUCCESSFUL
                                                                       : Status;
}

NTSTATUS ScReadAll(SC_RUN *Run, USHORT Fid, USHORT Chunk, unsigned long long *Hash,
                   ULONG *Size)
{
    SMB_REQUEST Request;
    SMB_REPLY Reply;
    NTSTATUS Status;
    ULONG Index;

    *Hash = 0xCBF29CE484222325ULL;
    *Size = 0;
    do {
        Request = ScMake(SMB_COM_READ);
        Request.u.Io.Fid = Fid;
        Request.u.Io.Count = Chunk;
        Request.u.Io.Offset = *Size;
        Status = ScDo(Run, &Request, &Reply);
        if (!NT_SUCCESS(Status))
            return Status;
        for (Index = 0; Index < Reply.u.Read.Count; Index++)
            *Hash = (*Hash ^ Reply.u.Read.Data[Index]) * 0x100000001B3ULL;
        *Size += Reply.u.Read.Count;
    } while (Reply.u.Read.Count != 0);
    return STATUS_SUCCESS;
}

/* The entries of one SEARCH answer onto Out; the last one's resume key. */
static void ScpEntries(const SMB_REPLY *Reply, PSMB_RESUME_KEY Last, char *Out, size_t Size)
{
    SMB_DIRECTORY_ENTRY Entry;
    ULONG Index;

    for (Index = 0; Index < Reply->u.Search.Count; Index++) {
        if (!NT_SUCCESS(SmbDecodeDirectoryEntry(
                Reply->u.Search.Data + Index * SMB_DIRECTORY_ENTRY_LENGTH,
                SMB_DIRECTORY_ENTRY_LENGTH, &Entry)))
            return;
        snprintf(Out + strlen(Out), Size - strlen(Out), "%s%s", Out[0] ? " " : "",
                 Entry.FileName);
        *Last = Entry.ResumeKey;
    }
}

NTSTATUS ScList(SC_RUN *Run, const char *Pattern, USHORT Attributes, USHORT MaxCount,
                char *Out, size_t Size)
{
    SMB_REQUEST Request = ScMake(SMB_COM_SEARCH);
    SMB_RESUME_KEY Last;
    SMB_REPLY Reply;
    NTSTATUS Status;

    Out[0] = '\0';
    Request.u.Search.MaxCount = MaxCount;
    Request.u.Search.SearchAttributes = Attributes;
    strcpy(Request.u.Search.Pattern, Pattern);
    for (;;) {
        Status = ScDo(Run, &Request, &Reply);
        if (Status == STATUS_NO_MORE_FILES)
            return STATUS_SUCCESS;
        if (!NT_SUCCESS(Status))
            return Status;
        ScpEntries(&Reply, &Last, Out, Size);
        Request = ScMake(SMB_COM_SEARCH);
        Request.u.Search.MaxCount = MaxCount;
        Request.u.Search.SearchAttributes = Attributes;
        Request.u.Search.ResumeKeyLength = SMB_RESUME_KEY_LENGTH;
        Request.u.Search.ResumeKey = Last;
    }
}
