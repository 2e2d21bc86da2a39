/*
 * bindery.c - ncpserv's bindery and logins: the users with their object
 * IDs and passwords, Get Bindery Object ID (0x17/0x35), Get Login Key
 * (0x17/0x17), Keyed Object Login (0x17/0x18), the unencrypted Login
 * Object (0x17/0x14), and intruder detection.
 *
 * Users (object type 1):
 *   SUPERVISOR  0x00000001  SECRET      (1 is SUPERVISOR's ID on every
 *   GUEST       0x03000001  (none)       NetWare server; the other IDs
 *   MMTA        0x0B000001  MAILAGENT    are ncpserv's own)
 * Passwords are compared in upper case, as NetWare's clients send them; a
 * keyed login is checked against the 16-byte hash of the password with the
 * object ID (nwcrypt.h), the form in which NetWare's bindery keeps it.
 *
 * A login key is 8 bytes per 0x17/0x17, random (getrandom), or in
 * deterministic mode a function of the connection number and how many
 * keys the server has given since its reset. It serves one keyed login
 * attempt, right or wrong; a keyed login without one fails.
 *
 * Completion codes, as NetWare's (Wireshark's dissector names them):
 *   0x17/0x35  0xFC no such object
 *   0x17/0x18  0xDE incorrect password, 0xC5 locked by intruder detection,
 *              0xFF no key, or no such user (a client learns that from
 *              0x17/0x35 first)
 *   0x17/0x14  0xD6 unencrypted passwords not allowed (the default, as
 *              on NetWare 3.x; --allow-unencrypted allows them), 0xFC no
 *              such object, 0xDE incorrect password, 0xC5 locked
 * Intruder detection counts wrong passwords of both logins alike:
 * --intruder-attempts of them (7 by default; a good login starts the count
 * again) lock the account for --intruder-lockout seconds (900), or until a
 * reset in deterministic mode; a login to a locked account, right password
 * or not, is 0xC5.
 */
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "drivers/nwrdr/nwcrypt.h"
#include "qemu/ncpserv/ncpserv.h"

static const struct {
    const char *Name;
    ULONG ObjectId;
    const char *Password;
} NspUsers[NS_USER_COUNT] = {
    { "SUPERVISOR", NS_SUPERVISOR_ID, "SECRET" },
    { "GUEST", 0x03000001, "" },
    { "MMTA", 0x0B000001, "MAILAGENT" },
};

void NsBinderyReset(PNS_SERVER Server)
{
    memset(Server->FailedLogins, 0, sizeof(Server->FailedLogins));
    memset(Server->LockedUntil, 0, sizeof(Server->LockedUntil));
    Server->KeysIssued = 0;
}

/* The user called Name (any case) with object type Type, or -1. */
static int NspFindUser(USHORT Type, const NCP_STRING *Name)
{
    const char *Text = NsText(Name);
    int Index;

    if (Type != NCP_OBJECT_USER || !Text)
        return -1;
    for (Index = 0; Index < NS_USER_COUNT; Index++)
        if (strcasecmp(Text, NspUsers[Index].Name) == 0)
            return Index;
    return -1;
}

/* Is user Index locked out? A lockout past its time ends here. */
static BOOLEAN NspLockedOut(PNS_SERVER Server, int Index)
{
    if (Server->LockedUntil[Index] == 0)
        return FALSE;
    if (!Server->Options.Deterministic && Server->Now >= Server->LockedUntil[Index]) {
        Server->LockedUntil[Index] = 0;
        Server->FailedLogins[Index] = 0;
        return FALSE;
    }
    return TRUE;
}

/* A wrong password for user Index; enough of them lock the account. */
static UCHAR NspLoginFailed(PNS_SERVER Server, int Index)
{
    ULONG Limit = Server->Options.IntruderAttempts;

    if (Limit == 0 || ++Server->FailedLogins[Index] < Limit)
        return NCP_E_BAD_PASSWORD;
    /* Deterministic mode keeps time out of it: locked until the reset. */
    Server->LockedUntil[Index] = Server->Options.Deterministic
                                     ? 1
                                     : Server->Now + Server->Options.IntruderLockout;
    NsLog(Server, "intruder detection: %s locked after %lu wrong passwords",
          NspUsers[Index].Name, (unsigned long)Limit);
    return NCP_E_BAD_PASSWORD;
}

static UCHAR NspLoginSucceeded(PNS_SERVER Server, PNS_CONNECTION Connection, int Index)
{
    Server->FailedLogins[Index] = 0;
    /* A second login replaces the first, as a logout would. */
    NsReleaseTask(Server, Connection, 0, TRUE);
    Connection->LoggedIn = TRUE;
    strcpy(Connection->User, NspUsers[Index].Name);
    return NCP_OK;
}

UCHAR NsObjectId(NS_HANDLER_ARGUMENTS)
{
    int Index = NspFindUser(Request->u.Object.ObjectType, &Request->u.Object.Name);

    if (Index < 0)
        return NCP_E_NO_SUCH_OBJECT;
    Reply->u.Object.ObjectId = NspUsers[Index].ObjectId;
    Reply->u.Object.ObjectType = NCP_OBJECT_USER;
    strcpy(Reply->u.Object.Name, NspUsers[Index].Name);
    return NCP_OK;
}

/* splitmix64: eight well-mixed bytes from a counter, for deterministic keys. */
static void NspDeterministicKey(ULONG Connection, ULONG Count, UCHAR Key[NCP_LOGIN_KEY_LENGTH])
{
    unsigned long long Value = ((unsigned long long)Connection << 32 | Count) +
                               0x9E3779B97F4A7C15ULL;
    int Index;

    Value = (Value ^ (Value >> 30)) * 0xBF58476D1CE4E5B9ULL;
    Value = (Value ^ (Value >> 27)) * 0x94D049BB133111EBULL;
    Value ^= Value >> 31;
    for (Index = 0; Index < NCP_LOGIN_KEY_LENGTH; Index++)
        Key[Index] = (UCHAR)(Value >> (8 * Index));
}

UCHAR NsLoginKey(NS_HANDLER_ARGUMENTS)
{
    UCHAR *Key = Connection->LoginKey;

    if (Server->Options.Deterministic ||
        getrandom(Key, NCP_LOGIN_KEY_LENGTH, 0) != NCP_LOGIN_KEY_LENGTH)
        NspDeterministicKey(Connection->Number, Server->KeysIssued, Key);
    Server->KeysIssued++;
    Connection->HaveLoginKey = TRUE;
    memcpy(Reply->u.LoginKey.Key, Key, NCP_LOGIN_KEY_LENGTH);
    return NCP_OK;
}

/* Does Answer equal NwEncryptHash(Key, the user's stored hash)? */
static BOOLEAN NspAnswerIsRight(int Index, const UCHAR *Key, const UCHAR *Answer)
{
    UCHAR Hash[NW_HASH_LENGTH], Expected[NW_RESPONSE_LENGTH], Difference = 0;
    int Byte;

    if (!NT_SUCCESS(NwHashPassword(NspUsers[Index].ObjectId, NspUsers[Index].Password, Hash)))
        return FALSE;
    NwEncryptHash(Key, Hash, Expected);
    for (Byte = 0; Byte < NW_RESPONSE_LENGTH; Byte++)
        Difference |= (UCHAR)(Expected[Byte] ^ Answer[Byte]);
    return Difference == 0;
}

UCHAR NsKeyedLogin(NS_HANDLER_ARGUMENTS)
{
    int Index = NspFindUser(Request->u.KeyedLogin.ObjectType, &Request->u.KeyedLogin.Name);
    BOOLEAN HadKey = Connection->HaveLoginKey;

    Connection->HaveLoginKey = FALSE;       /* one attempt per key */
    if (!HadKey || Index < 0)
        return NCP_E_FAILURE;
    if (NspLockedOut(Server, Index))
        return NCP_E_INTRUDER_LOCKOUT;
    if (!NspAnswerIsRight(Index, Connection->LoginKey, Request->u.KeyedLogin.Key))
        return NspLoginFailed(Server, Index);
    return NspLoginSucceeded(Server, Connection, Index);
}

UCHAR NsLogin(NS_HANDLER_ARGUMENTS)
{
    const char *Password = NsText(&Request->u.Login.Password);
    int Index;

    if (!Server->Options.AllowUnencrypted)
        return NCP_E_UNENCRYPTED_REFUSED;
    Index = NspFindUser(Request->u.Login.ObjectType, &Request->u.Login.Name);
    if (Index < 0)
        return NCP_E_NO_SUCH_OBJECT;
    if (NspLockedOut(Server, Index))
        return NCP_E_INTRUDER_LOCKOUT;
    if (!Password || strcasecmp(Password, NspUsers[Index].Password) != 0)
        return NspLoginFailed(Server, Index);
    return NspLoginSucceeded(Server, Connection, Index);
}
