/*
 * netuse.c - NET USE, as NT's net.exe has it, over WNet (user/lib/netuse.c):
 *
 *   net use                          the caller's connections
 *   net use X:                       one connection's details
 *   net use X:|* \\SERVER\VOLUME [password] [/USER:name] [/PERSISTENT:YES|NO]
 *                                    WNetUseConnectionA (* picks the letter)
 *   net use X:|\\SERVER\VOLUME /DELETE
 *                                    WNetCancelConnection2A
 *
 * A switch may be shortened to any prefix of its name (/D, /DEL, /U:MMTA).
 * Success prints "The command completed successfully."; an error prints
 * BasepFormatNetError's text (winerror.c: "System error 85 has occurred."
 * and the system's message, or for LAN Manager's 2100-2999 NETMSG's text
 * and "More help is available by typing NET HELPMSG 2250."); bad syntax
 * prints the syntax, an unknown switch "The option /X is unknown." first
 * and HELPMSG 3506 after.
 *
 * The texts and where they come from:
 *  - "The command completed successfully.", "There are no entries in the
 *    list.", "System error N has occurred.", the message texts, NET
 *    HELPMSG's line, "The option /X is unknown.": Windows NT's net.exe as
 *    its users quote it, the same in every NT; the message texts are
 *    winerror.h's and lmerr.h's.
 *  - The list's columns: LAN Manager's "Status", "Local name", "Remote
 *    name" (13 and 18 characters), then NT's network column, the
 *    provider's name, under "Network" (26 characters after the remote
 *    name; a longer remote name puts it on the next line, as NT 4.0
 *    does). NT 3.51's exact header could not be confirmed: this is the
 *    most faithful guess, and NT 4.0's "New connections will be
 *    remembered." line above it is left out.
 *  - The details of one connection (Local name, Remote name, Resource
 *    type, Status, # Opens, # Connections): NT's, 18 characters a label.
 *  - The syntax: NT 4.0's documented NET USE syntax (3.51's is not at
 *    hand); its line breaks as NT 4.0's net.exe prints them, unconfirmed.
 *  - "Drive Z: is now connected to \\SERVER\VOLUME.": NT's line for
 *    `net use *`, unconfirmed.
 *
 * Deviations, on purpose: there is no console input yet, so a password of
 * `*` (NT prompts "Type the password for ...") and /HOME are refused with
 * the syntax, and a /DELETE with files open fails with 2401 where NT asks
 * whether to close them; there is no profile, so /PERSISTENT is accepted
 * and changes nothing; connections need a drive letter (NWRDR ties each
 * to one), so `net use \\SERVER\VOLUME` fails with 1200.
 *
 * Interface: NetUse (net.h).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"
#include "user/net/net.h"

#define NET_DASHES "-------------------------------------------------------------------------------"

/* What a NET USE command line says. */
typedef struct _NET_USE_ARGS {
    PCSTR Device;           /* "X:" or "*" */
    PCSTR Remote;           /* "\\SERVER\VOLUME" */
    PCSTR Password;
    PCSTR User;             /* /USER:name */
    BOOLEAN Delete, Home, Persistent;
    PCSTR Unknown;          /* the first switch that is none of these */
} NET_USE_ARGS;

static int NetUseSyntax(const NET_OUTPUT *Out)
{
    NetPrint(Out, "The syntax of this command is:\n\n\n"
                  "NET USE [devicename | *] [\\\\computername\\sharename[\\volume]] "
                  "[password | *]]\n"
                  "        [/USER:[domainname\\]username]\n"
                  "        [[/DELETE] | [/PERSISTENT:{YES | NO}]]\n\n"
                  "NET USE [devicename | *] [password | *]] [/HOME]\n\n"
                  "NET USE [/PERSISTENT:{YES | NO}]\n\n");
    return NET_SYNTAX;
}

static int NetUseError(const NET_OUTPUT *Out, DWORD Error)
{
    char text[256];

    BasepFormatNetError(Error, text, sizeof(text));
    Out->Write(Out->Context, text);
    return NET_FAILED;
}

static int NetUseDone(const NET_OUTPUT *Out)
{
    NetPrint(Out, "The command completed successfully.\n");
    return NET_SUCCESS;
}

static BOOLEAN NetIsDrive(PCSTR Name)
{
    return ((Name[0] >= 'A' && Name[0] <= 'Z') || (Name[0] >= 'a' && Name[0] <= 'z')) &&
           Name[1] == ':' && Name[2] == '\0';
}

/* Whether Switch ("/DEL", "/u:MMTA") names Name (a prefix of it, before
   any ':'); *Value is what follows the ':', NULL if nothing does. */
static BOOLEAN NetSwitch(PCSTR Switch, PCSTR Name, PCSTR *Value)
{
    PCSTR colon = strchr(Switch, ':');
    size_t length = colon != NULL ? (size_t)(colon - Switch - 1) : strlen(Switch + 1);

    *Value = colon != NULL ? colon + 1 : NULL;
    return length > 0 && length <= strlen(Name) && strncasecmp(Switch + 1, Name, length) == 0;
}

/* One switch into Args; FALSE when it is malformed (the syntax is shown). */
static BOOLEAN NetUseParseSwitch(PCSTR Arg, NET_USE_ARGS *Args)
{
    PCSTR value;

    if (NetSwitch(Arg, "DELETE", &value))
        return value == NULL && (Args->Delete = TRUE);
    if (NetSwitch(Arg, "USER", &value))
        return value != NULL && value[0] != '\0' && (Args->User = value) != NULL;
    if (NetSwitch(Arg, "PERSISTENT", &value))
        return value != NULL && (strcasecmp(value, "YES") == 0 || strcasecmp(value, "NO") == 0)
               && (Args->Persistent = TRUE);
    if (NetSwitch(Arg, "HOME", &value))
        return value == NULL && (Args->Home = TRUE);
    if (Args->Unknown == NULL)
        Args->Unknown = Arg;
    return TRUE;
}

/* argv (argv[0] "use") into Args; FALSE when the syntax is wrong. */
static BOOLEAN NetUseParse(int argc, char **argv, NET_USE_ARGS *Args)
{
    int positional = 0;

    memset(Args, 0, sizeof(*Args));
    for (int i = 1; i < argc; i++) {
        PCSTR arg = argv[i];

        if (arg[0] == '/') {
            if (!NetUseParseSwitch(arg, Args))
                return FALSE;
        } else if (positional++ == 0 && (NetIsDrive(arg) || strcmp(arg, "*") == 0)) {
            Args->Device = arg;
        } else if (arg[0] == '\\' && arg[1] == '\\' && Args->Remote == NULL) {
            Args->Remote = arg;
        } else if (Args->Remote != NULL && Args->Password == NULL) {
            Args->Password = arg;
        } else {
            return FALSE;
        }
    }
    return TRUE;
}

/* The caller's connections; NULL (the error set) if they cannot be read. */
static PNWR_CONNECTION_LIST NetUseConnections(UCHAR *Buffer, DWORD Size, PDWORD Error)
{
    PNWR_CONNECTION_LIST list = (PNWR_CONNECTION_LIST)Buffer;

    *Error = NwpEnumConnections(list, Size);
    if (*Error != ERROR_SUCCESS)
        return NULL;
    if (list->Count > (Size - sizeof(*list)) / sizeof(list->Entries[0]))
        list->Count = (Size - sizeof(*list)) / sizeof(list->Entries[0]);
    return list;
}

#define NET_LISTING (sizeof(NWR_CONNECTION_LIST) + 26 * sizeof(NWR_CONNECTION_INFO))

static int NetUseList(const NET_OUTPUT *Out)
{
    UCHAR buffer[NET_LISTING];
    DWORD error;
    PNWR_CONNECTION_LIST list = NetUseConnections(buffer, sizeof(buffer), &error);

    if (list == NULL)
        return NetUseError(Out, error);
    if (list->Count == 0) {
        NetPrint(Out, "There are no entries in the list.\n");
        return NET_SUCCESS;
    }
    NetPrint(Out, "%-13s%-18s%-26s%s\n%s\n", "Status", "Local name", "Remote name", "Network",
             NET_DASHES);
    for (ULONG i = 0; i < list->Count; i++) {
        PCSTR remote = list->Entries[i].RemoteName;

        if (strlen(remote) < 26)
            NetPrint(Out, "%-13s%-18s%-26s%s\n", "OK", list->Entries[i].LocalName, remote,
                     NWP_PROVIDER_NAME);
        else
            NetPrint(Out, "%-13s%-18s%s\n%57s%s\n", "OK", list->Entries[i].LocalName, remote,
                     "", NWP_PROVIDER_NAME);
    }
    return NetUseDone(Out);
}

/* net use X: - one connection of the caller's. */
static int NetUseShow(const NET_OUTPUT *Out, PCSTR Device)
{
    UCHAR buffer[NET_LISTING];
    CHAR remote[NWR_MAX_TARGET];
    DWORD error, length = sizeof(remote);
    PNWR_CONNECTION_LIST list = NetUseConnections(buffer, sizeof(buffer), &error);

    if (list == NULL)
        return NetUseError(Out, error);
    for (ULONG i = 0; i < list->Count; i++) {
        PNWR_CONNECTION_INFO c = &list->Entries[i];

        if (strcasecmp(c->LocalName, Device) != 0)
            continue;
        NetPrint(Out, "%-18s%s\n%-18s%s\n%-18s%s\n%-18s%s\n%-18s%lu\n%-18s%u\n",
                 "Local name", c->LocalName, "Remote name", c->RemoteName,
                 "Resource type", "Disk", "Status", "OK", "# Opens",
                 (unsigned long)c->OpenFiles, "# Connections", 1u);
        return NetUseDone(Out);
    }
    error = WNetGetConnectionA(Device, remote, &length);  /* why not: another's, or none */
    return NetUseError(Out, error == ERROR_SUCCESS ? ERROR_NOT_CONNECTED : error);
}

/* net use X: /delete, or \\SERVER\VOLUME /delete: the caller's letter for it. */
static int NetUseDelete(const NET_OUTPUT *Out, const NET_USE_ARGS *Args)
{
    UCHAR buffer[NET_LISTING];
    PCSTR device = Args->Device;
    DWORD error;
    PNWR_CONNECTION_LIST list;

    if (device == NULL) {
        list = NetUseConnections(buffer, sizeof(buffer), &error);
        if (list == NULL)
            return NetUseError(Out, error);
        for (ULONG i = 0; i < list->Count && device == NULL; i++) {
            if (strcasecmp(list->Entries[i].RemoteName, Args->Remote) == 0)
                device = list->Entries[i].LocalName;
        }
        if (device == NULL)
            return NetUseError(Out, ERROR_NOT_CONNECTED);
    }
    error = WNetCancelConnection2A(device, CONNECT_UPDATE_PROFILE, FALSE);
    return error == ERROR_SUCCESS ? NetUseDone(Out) : NetUseError(Out, error);
}

static int NetUseConnect(const NET_OUTPUT *Out, const NET_USE_ARGS *Args)
{
    NETRESOURCEA resource = { 0, RESOURCETYPE_DISK, 0, 0, NULL, (PCHAR)Args->Remote, NULL,
                              NULL };
    BOOLEAN pick = Args->Device != NULL && strcmp(Args->Device, "*") == 0;
    CHAR access[8];
    DWORD size = sizeof(access), result = 0, error;

    resource.lpLocalName = pick ? NULL : (PCHAR)Args->Device;
    error = WNetUseConnectionA(NULL, &resource, Args->Password, Args->User,
                               pick ? CONNECT_REDIRECT : 0, access, &size, &result);
    if (error != ERROR_SUCCESS)
        return NetUseError(Out, error);
    if (pick)
        NetPrint(Out, "Drive %s is now connected to %s.\n\n", access, Args->Remote);
    return NetUseDone(Out);
}

int NetUse(int argc, char **argv, const NET_OUTPUT *Out)
{
    NET_USE_ARGS args;
    BOOLEAN star;

    if (!NetUseParse(argc, argv, &args))
        return NetUseSyntax(Out);
    if (args.Unknown != NULL) {
        NetPrint(Out, "The option %s is unknown.\n\n", args.Unknown);
        NetUseSyntax(Out);
        NetPrint(Out, "More help is available by typing NET HELPMSG 3506.\n\n");
        return NET_SYNTAX;
    }
    star = args.Device != NULL && strcmp(args.Device, "*") == 0;
    if (args.Home || (args.Password != NULL && strcmp(args.Password, "*") == 0))
        return NetUseSyntax(Out);
    if (args.Delete) {
        if (star || (args.Device == NULL) == (args.Remote == NULL) || args.Password != NULL ||
            args.User != NULL || args.Persistent)
            return NetUseSyntax(Out);
        return NetUseDelete(Out, &args);
    }
    if (args.Remote != NULL)
        return NetUseConnect(Out, &args);
    if (args.Device != NULL)
        return star || args.User != NULL || args.Persistent ? NetUseSyntax(Out)
                                                            : NetUseShow(Out, args.Device);
    if (args.User != NULL)
        return NetUseSyntax(Out);
    return args.Persistent ? NetUseDone(Out) : NetUseList(Out);
}
