/*
 * provider.c - the NetWare network provider's add and cancel connection
 * (what `net use` calls through MPR).
 *
 * net use X: \\SERVER\VOLUME:
 *   1. QueryDosDevice("X:") in the client: a link means the letter is
 *      taken, error 85 (WN_ALREADY_CONNECTED);
 *   2. the FSCTL that makes NWRDR create the connection in this process;
 *   3. DefineDosDevice(RAW|NO_BROADCAST, "X:", "\Device\NwRdr\;X:\SERVER\VOLUME");
 *      if CSRSS refuses, the connection is deleted again (85 when the
 *      letter collided).
 * net use X: /delete:
 *   1. the FSCTL that says which remote name this process's X: has;
 *   2. DefineDosDevice(REMOVE|RAW|EXACT_MATCH, "X:", its target);
 *   3. the FSCTL that deletes the connection; with files open (and not
 *      forced) the letter is defined again and the answer is 2401.
 * The steps of each run without any lock: between them another process
 * may do anything to the letter. mpr.h says why the connection is made
 * before the letter and deleted after it.
 *
 * Interface: NwpAddConnection, NwpCancelConnection, NwpConnectionTarget
 * (mpr.h).
 */
#include <string.h>

#include "mpr.h"
#include "winerror.h"
#include "user/csrss/basesrv/basesrv.h"

static BOOLEAN NwpIsDriveName(PCSTR LocalName)
{
    CHAR Letter = LocalName ? LocalName[0] : '\0';

    if (Letter >= 'a' && Letter <= 'z')
        Letter = (CHAR)(Letter - 'a' + 'A');
    return Letter >= 'A' && Letter <= 'Z' && LocalName[1] == ':' && LocalName[2] == '\0';
}

/* "\\SERVER\VOLUME" and "X:" to "\Device\NwRdr\;X:\SERVER\VOLUME". */
ULONG NwpConnectionTarget(PCSTR LocalName, PCSTR RemoteName, PCHAR Target, ULONG Size)
{
    static const CHAR Prefix[] = NWP_DEVICE "\\;";
    SIZE_T Remote, Used = sizeof(Prefix) - 1;
    PCSTR Volume;

    if (!NwpIsDriveName(LocalName))
        return WN_BAD_LOCALNAME;
    if (RemoteName == NULL || RemoteName[0] != '\\' || RemoteName[1] != '\\')
        return WN_BAD_NETNAME;
    Volume = strchr(RemoteName + 2, '\\');
    if (Volume == NULL || Volume == RemoteName + 2 || Volume[1] == '\0')
        return WN_BAD_NETNAME;
    Remote = strlen(RemoteName + 1);
    if (Used + 2 + Remote + 1 > Size)
        return WN_BAD_NETNAME;
    memcpy(Target, Prefix, Used);
    Target[Used++] = LocalName[0] >= 'a' ? (CHAR)(LocalName[0] - 'a' + 'A') : LocalName[0];
    Target[Used++] = ':';
    memcpy(Target + Used, RemoteName + 1, Remote + 1);
    return WN_SUCCESS;
}

/* A failed connection: as the provider reports it (an unknown user is a
   logon failure, 1326, as Windows' NetWare provider says). */
static ULONG NwpConnectError(NTSTATUS Status)
{
    if (Status == STATUS_OBJECT_NAME_COLLISION)
        return WN_ALREADY_CONNECTED;
    if (Status == STATUS_NO_SUCH_USER)
        return ERROR_LOGON_FAILURE;
    return BasepNtStatusToWin32Error(Status);
}

/* A failed define: 85 when CSRSS said the letter is taken. */
static ULONG NwpDefineError(NTSTATUS Status)
{
    if (Status == STATUS_OBJECT_NAME_COLLISION)
        return WN_ALREADY_CONNECTED;
    return BasepNtStatusToWin32Error(Status);
}

ULONG NwpAddConnection(PNWP_ENV Env, PCSTR LocalName, PCSTR RemoteName, PCSTR UserName,
                       PCSTR Password)
{
    CHAR Target[NWP_MAX_TARGET], Old[BASESRV_MAX_TARGETS];
    CHAR Deleted[NWP_MAX_TARGET];
    ULONG Error, Length;
    NTSTATUS Status;

    Error = NwpConnectionTarget(LocalName, RemoteName, Target, sizeof(Target));
    if (Error != WN_SUCCESS)
        return Error;
    Env->Yield(Env->Context);
    if (NT_SUCCESS(Env->QueryDosDevice(Env->Context, LocalName, Old, sizeof(Old), &Length)))
        return WN_ALREADY_CONNECTED;
    Env->Yield(Env->Context);
    Status = Env->CreateConnection(Env->Context, Target, UserName, Password);
    if (!NT_SUCCESS(Status))
        return NwpConnectError(Status);
    Status = Env->DefineDosDevice(Env->Context, DDD_RAW_TARGET_PATH | DDD_NO_BROADCAST_SYSTEM,
                                  LocalName, Target);
    if (NT_SUCCESS(Status))
        return WN_SUCCESS;
    Env->Yield(Env->Context);
    Env->DeleteConnection(Env->Context, LocalName, Deleted, sizeof(Deleted));
    return NwpDefineError(Status);
}

/* Step 1 of cancel: the link target of the caller's connection for X:. */
static ULONG NwpOwnTarget(PNWP_ENV Env, PCSTR LocalName, PCHAR Target, ULONG Size)
{
    CHAR Remote[NWP_MAX_TARGET];
    NTSTATUS Status;

    Env->Yield(Env->Context);
    Status = Env->GetConnection(Env->Context, LocalName, Remote, sizeof(Remote));
    if (Status == STATUS_OBJECT_NAME_NOT_FOUND)
        return WN_NOT_CONNECTED;
    if (!NT_SUCCESS(Status))
        return BasepNtStatusToWin32Error(Status);
    return NwpConnectionTarget(LocalName, Remote, Target, Size);
}

ULONG NwpCancelConnection(PNWP_ENV Env, PCSTR LocalName)
{
    CHAR Target[NWP_MAX_TARGET], Deleted[NWP_MAX_TARGET];
    ULONG Error;
    NTSTATUS Removed, Status;

    if (!NwpIsDriveName(LocalName))
        return WN_BAD_LOCALNAME;
    Error = NwpOwnTarget(Env, LocalName, Target, sizeof(Target));
    if (Error != WN_SUCCESS)
        return Error;
    Removed = Env->DefineDosDevice(Env->Context, DDD_REMOVE_DEFINITION | DDD_RAW_TARGET_PATH |
                                   DDD_EXACT_MATCH_ON_REMOVE, LocalName, Target);
    Env->Yield(Env->Context);
    Status = Env->DeleteConnection(Env->Context, LocalName, Deleted, sizeof(Deleted));
    if (Status == STATUS_FILES_OPEN && NT_SUCCESS(Removed))
        Env->DefineDosDevice(Env->Context, DDD_RAW_TARGET_PATH | DDD_NO_BROADCAST_SYSTEM,
                             LocalName, Target);
    if (Status == STATUS_OBJECT_NAME_NOT_FOUND)
        return WN_NOT_CONNECTED;
    return NT_SUCCESS(Status) ? WN_SUCCESS : BasepNtStatusToWin32Error(Status);
}
