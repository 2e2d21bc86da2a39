/*
 * srvsess.c - smbserv's sessions: NEGOTIATE, SESSION_SETUP_ANDX,
 * LOGOFF_ANDX, TREE_CONNECT (core and AndX), TREE_DISCONNECT, ECHO, and
 * the accounts.
 *
 * Dialects: LANMAN1.0 when the client offers it, else the core dialect,
 * else none (dialect index 0xFFFF). LANMAN1.0's reply says user-level
 * security with plain-text passwords (no challenge): the password comes in
 * SESSION_SETUP_ANDX as the client typed it, compared without regard to
 * case (LAN Manager upper-cases passwords), one trailing NUL allowed.
 *
 * Accounts, the same as ncpserv's bindery (qemu/ncpserv/bindery.c):
 *   SUPERVISOR  SECRET
 *   GUEST       (none)      a logon as GUEST is reported (Action 1)
 *   MMTA        MAILAGENT
 * An unknown account and a wrong password are both ERRSRV/ERRbadpw, so
 * that the answer says nothing of which accounts exist. A second session
 * setup on a connection replaces the first user, its trees and files.
 *
 * Account lockout, as NT's account policy has it: --lockout-attempts bad
 * passwords for one account (7 unless told; 0 never), from any station,
 * lock it for --lockout-duration seconds (900), or until a reset in
 * deterministic mode; a good logon starts the count again. A logon to a
 * locked account is ERRSRV/ERRbadpw, right password or not: these
 * dialects have no code of their own for it, and the answer says no more
 * than a wrong password does. A core TREE_CONNECT's GUEST logon counts
 * alike.
 *
 * A core client has no session setup: its TREE_CONNECT logs it on as
 * GUEST, whose password (none) it must give (else ERRSRV/ERRbadpw); a
 * connection with a user connects with the user it has.
 *
 * Trees: the share is \\NTSERVER\MAIL (any case); another server name or
 * share is ERRSRV/ERRinvnetname, a service other than a disk ("A:") or
 * any ("?????") ERRSRV/ERRinvdevice. TREE_DISCONNECT closes the files
 * opened through the tree.
 *
 * ECHO is answered once, whatever its count asks, with sequence 1.
 */
#include <string.h>
#include <strings.h>

#include "qemu/smbserv/smbserv.h"

#define SRV_GUEST 1

static const struct {
    const char *Name;
    const char *Password;
} SrvpAccounts[SRV_ACCOUNT_COUNT] = {
    { "SUPERVISOR", "SECRET" },
    { "GUEST", "" },
    { "MMTA", "MAILAGENT" },
};

void SrvAccountsReset(PSRV_SERVER Server)
{
    memset(Server->FailedLogons, 0, sizeof(Server->FailedLogons));
    memset(Server->LockedUntil, 0, sizeof(Server->LockedUntil));
}

/* Is Password (Length bytes) account Index's? */
static BOOLEAN SrvpPasswordIs(int Index, const UCHAR *Password, USHORT Length)
{
    char Given[SMB_MAX_PASSWORD + 1];

    if (Length > 0 && Password[Length - 1] == '\0')
        Length--;
    if (Length > SMB_MAX_PASSWORD || memchr(Password, '\0', Length))
        return FALSE;
    memcpy(Given, Password, Length);
    Given[Length] = '\0';
    return strcasecmp(Given, SrvpAccounts[Index].Password) == 0;
}

/* Is account Index locked out? A lockout past its time ends here. */
static BOOLEAN SrvpLockedOut(PSRV_SERVER Server, int Index)
{
    if (Server->LockedUntil[Index] == 0)
        return FALSE;
    if (!Server->Options.Deterministic && Server->Now >= Server->LockedUntil[Index]) {
        Server->LockedUntil[Index] = 0;
        Server->FailedLogons[Index] = 0;
        return FALSE;
    }
    return TRUE;
}

/* A bad password for account Index; enough of them lock it. */
static void SrvpLogonFailed(PSRV_SERVER Server, int Index)
{
    ULONG Limit = Server->Options.LockoutAttempts;

    if (Limit == 0 || ++Server->FailedLogons[Index] < Limit)
        return;
    /* Deterministic mode keeps time out of it: locked until the reset. */
    Server->LockedUntil[Index] = Server->Options.Deterministic
                                     ? 1
                                     : Server->Now + Server->Options.LockoutDuration;
    SrvLog(Server, "lockout: %s locked after %lu bad passwords", SrvpAccounts[Index].Name,
           (unsigned long)Limit);
}

/* The account Name names if Password (Length bytes) is its and it is not
   locked, or -1; the lockout counts what fails. */
static int SrvpLogon(PSRV_SERVER Server, const char *Name, const UCHAR *Password,
                     USHORT Length)
{
    int Index;

    for (Index = 0; Index < SRV_ACCOUNT_COUNT; Index++)
        if (strcasecmp(Name, SrvpAccounts[Index].Name) == 0)
            break;
    if (Index == SRV_ACCOUNT_COUNT || SrvpLockedOut(Server, Index))
        return -1;
    if (!SrvpPasswordIs(Index, Password, Length)) {
        SrvpLogonFailed(Server, Index);
        return -1;
    }
    Server->FailedLogons[Index] = 0;
    return Index;
}

/* LANMAN1.0 over core over none, whatever order they were offered in. */
static int SrvpPickDialect(const SMB_REQUEST *Request, PUSHORT Index)
{
    int Best = SrvDialectNone;
    ULONG Offered;

    *Index = SMB_NO_DIALECT;
    for (Offered = 0; Offered < Request->u.Negotiate.DialectCount; Offered++) {
        const char *Name = Request->u.Negotiate.Dialects[Offered];
        int Dialect = strcmp(Name, SMB_DIALECT_LANMAN) == 0  ? SrvDialectLanMan
                      : strcmp(Name, SMB_DIALECT_CORE) == 0 ? SrvDialectCore
                                                            : SrvDialectNone;

        if (Dialect != SrvDialectNone && (Best == SrvDialectNone || Dialect > Best)) {
            Best = Dialect;
            *Index = (USHORT)Offered;
        }
    }
    return Best;
}

SRV_ERROR SrvNegotiate(SRV_HANDLER_ARGUMENTS)
{
    USHORT Time;

    Connection->Dialect = SrvpPickDialect(Request, &Reply->u.Negotiate.DialectIndex);
    Reply->u.Negotiate.LanMan = Connection->Dialect == SrvDialectLanMan;
    if (!Reply->u.Negotiate.LanMan)
        return SRV_OK;
    Reply->u.Negotiate.SecurityMode = SMB_SECURITY_USER;
    Reply->u.Negotiate.MaxBufferSize = SMB_MAX_MESSAGE;
    Reply->u.Negotiate.MaxMpxCount = 1;
    Reply->u.Negotiate.MaxVcs = 1;
    Reply->u.Negotiate.SessionKey = Connection->Key;
    NvDosDateTime(Server->Options.Deterministic, time(NULL), &Reply->u.Negotiate.ServerDate,
                  &Time);
    Reply->u.Negotiate.ServerTime = Time;
    return SRV_OK;
}

/* Ends the connection's user: its trees and files go with it. */
static void SrvpLogoffUser(PSRV_CONNECTION Connection)
{
    SrvCloseFiles(Connection, 0);
    memset(Connection->Trees, 0, sizeof(Connection->Trees));
    Connection->LoggedOn = FALSE;
    Connection->Uid = 0;
}

SRV_ERROR SrvSessionSetup(SRV_HANDLER_ARGUMENTS)
{
    int User = SrvpLogon(Server, Request->u.SessionSetup.Account,
                         Request->u.SessionSetup.Password,
                         Request->u.SessionSetup.PasswordLength);

    if (User < 0) {
        SrvLog(Server, "  logon %s refused", Request->u.SessionSetup.Account);
        return SRV_SRV(SMB_ERRbadpw);
    }
    SrvpLogoffUser(Connection);
    Connection->LoggedOn = TRUE;
    Connection->User = User;
    Connection->Uid = Server->NextUid++;
    if (Server->NextUid == 0)
        Server->NextUid = 1;
    Connection->ClientBuffer = Request->u.SessionSetup.MaxBufferSize;
    Reply->Header.Uid = Connection->Uid;
    Reply->u.SessionSetup.AndX.Command = SMB_NO_ANDX;
    Reply->u.SessionSetup.Action = User == SRV_GUEST;
    SrvLog(Server, "  logon %s uid %u", SrvpAccounts[User].Name, Connection->Uid);
    return SRV_OK;
}

SRV_ERROR SrvLogoff(SRV_HANDLER_ARGUMENTS)
{
    SrvpLogoffUser(Connection);
    Reply->u.Logoff.AndX.Command = SMB_NO_ANDX;
    return SRV_OK;
}

/* Is Path "\\NTSERVER\MAIL" (any case, '/' or '\')? */
static BOOLEAN SrvpIsOurShare(const char *Path)
{
    size_t Server = strlen(SRV_SERVER_NAME);

    if ((Path[0] != '\\' && Path[0] != '/') || (Path[1] != '\\' && Path[1] != '/') ||
        strncasecmp(Path + 2, SRV_SERVER_NAME, Server) != 0)
        return FALSE;
    Path += 2 + Server;
    return (*Path == '\\' || *Path == '/') && strcasecmp(Path + 1, SRV_SHARE_NAME) == 0;
}

/* Who a core TREE_CONNECT makes the connection's user, if it has none. */
static SRV_ERROR SrvpCoreLogon(PSRV_SERVER Server, PSRV_CONNECTION Connection,
                               const SMB_REQUEST *Request)
{
    if (Connection->LoggedOn)
        return SRV_OK;
    if (SrvpLogon(Server, SrvpAccounts[SRV_GUEST].Name, Request->u.TreeConnect.Password,
                  Request->u.TreeConnect.PasswordLength) != SRV_GUEST)
        return SRV_SRV(SMB_ERRbadpw);
    Connection->LoggedOn = TRUE;
    Connection->User = SRV_GUEST;
    Connection->Uid = 0;
    return SRV_OK;
}

SRV_ERROR SrvTreeConnect(SRV_HANDLER_ARGUMENTS)
{
    BOOLEAN Core = Request->Header.Command == SMB_COM_TREE_CONNECT;
    const char *Service = Request->u.TreeConnect.Service;
    SRV_ERROR Error;
    ULONG Index;

    if (!SrvpIsOurShare(Request->u.TreeConnect.Path))
        return SRV_SRV(SMB_ERRinvnetname);
    if (strcmp(Service, "A:") != 0 && strcmp(Service, "?????") != 0)
        return SRV_SRV(SMB_ERRinvdevice);
    Error = Core ? SrvpCoreLogon(Server, Connection, Request) : SRV_OK;
    if (Error != SRV_OK)
        return Error;
    for (Index = 0; Index < SRV_MAX_TREES && Connection->Trees[Index]; Index++)
        ;
    if (Index == SRV_MAX_TREES)
        return SRV_SRV(SMB_ERRerror);
    Connection->Trees[Index] = TRUE;
    Reply->Header.Tid = (USHORT)(Index + 1);
    if (Core) {
        Reply->u.TreeConnect.MaxBufferSize = SMB_MAX_MESSAGE;
        Reply->u.TreeConnect.Tid = (USHORT)(Index + 1);
    } else {
        Reply->u.TreeConnectAndX.AndX.Command = SMB_NO_ANDX;
        strcpy(Reply->u.TreeConnectAndX.Service, "A:");
    }
    return SRV_OK;
}

SRV_ERROR SrvTreeDisconnect(SRV_HANDLER_ARGUMENTS)
{
    SrvCloseFiles(Connection, Request->Header.Tid);
    Connection->Trees[Request->Header.Tid - 1] = FALSE;
    return SRV_OK;
}

SRV_ERROR SrvEcho(SRV_HANDLER_ARGUMENTS)
{
    Reply->u.Echo.SequenceNumber = 1;
    Reply->u.Echo.DataLength = Request->u.Echo.DataLength;
    Reply->u.Echo.Data = Request->u.Echo.Data;
    return SRV_OK;
}
