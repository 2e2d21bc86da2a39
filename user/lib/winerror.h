/*
 * winerror.h - the Win32 error codes user/lib returns, the NTSTATUS -> Win32
 * map and NT's message texts for them (one table, winerror.c).
 *
 * NTSTATUS stays below this layer; only user/lib speaks Win32 codes.
 *
 * Interface:
 *   BasepNtStatusToWin32Error  the Win32 error for a status (ERROR_GEN_FAILURE
 *                              for a status the table does not know)
 *   BasepWin32ErrorText        NT's text for an error, or NULL
 *   BasepFormatSystemError     "System error 85 has occurred.\n\n<text>\n",
 *                              as net.exe prints it
 *   BasepFormatNetError        what net.exe prints for any error: the above,
 *                              or for LAN Manager's errors (2100-2999)
 *                              "<text>\n\nMore help is available by typing
 *                              NET HELPMSG 2250.\n"
 */
#ifndef WINERROR_H
#define WINERROR_H

#include "ntdef.h"

#define ERROR_SUCCESS               0u
#define ERROR_INVALID_FUNCTION      1u
#define ERROR_FILE_NOT_FOUND        2u
#define ERROR_PATH_NOT_FOUND        3u
#define ERROR_ACCESS_DENIED         5u
#define ERROR_INVALID_HANDLE        6u
#define ERROR_NOT_SAME_DEVICE       17u
#define ERROR_NO_MORE_FILES         18u
#define ERROR_BAD_LENGTH            24u
#define ERROR_GEN_FAILURE           31u
#define ERROR_SHARING_VIOLATION     32u
#define ERROR_HANDLE_EOF            38u
#define ERROR_NOT_SUPPORTED         50u
#define ERROR_BAD_NETPATH           53u
#define ERROR_NETWORK_BUSY          54u
#define ERROR_UNEXP_NET_ERR         59u
#define ERROR_NETNAME_DELETED       64u
#define ERROR_BAD_DEV_TYPE          66u
#define ERROR_BAD_NET_NAME          67u
#define ERROR_FILE_EXISTS           80u
#define ERROR_ALREADY_ASSIGNED      85u
#define ERROR_INVALID_PASSWORD      86u
#define ERROR_INVALID_PARAMETER     87u
#define ERROR_DISK_FULL             112u
#define ERROR_SEM_TIMEOUT           121u
#define ERROR_INSUFFICIENT_BUFFER   122u
#define ERROR_INVALID_NAME          123u
#define ERROR_NEGATIVE_SEEK         131u
#define ERROR_DIR_NOT_EMPTY         145u
#define ERROR_BAD_PATHNAME          161u
#define ERROR_ALREADY_EXISTS        183u
#define ERROR_MORE_DATA             234u
#define ERROR_NO_MORE_ITEMS         259u
#define ERROR_DIRECTORY             267u
#define ERROR_INVALID_ADDRESS       487u
#define ERROR_NOACCESS              998u
#define ERROR_BAD_DEVICE            1200u
#define ERROR_BAD_PROVIDER          1204u
#define ERROR_SESSION_CREDENTIAL_CONFLICT 1219u
#define ERROR_NO_NETWORK            1222u
#define ERROR_SERVICE_ALREADY_RUNNING 1056u
#define ERROR_PRIVILEGE_NOT_HELD    1314u
#define ERROR_NO_SUCH_USER          1317u
#define ERROR_LOGON_FAILURE         1326u
#define ERROR_ACCOUNT_LOCKED_OUT    1909u
#define NERR_ServiceInstalled       2182u
#define ERROR_NOT_CONNECTED         2250u
#define ERROR_OPEN_FILES            2401u

/* LAN Manager's errors (lmerr.h): net.exe prints them with NETMSG.DLL's texts. */
#define NERR_BASE                   2100u
#define MAX_NERR                    2999u

/* The network provider's names for the same values (NT's winnetwk.h). */
#define WN_SUCCESS                  ERROR_SUCCESS
#define WN_ACCESS_DENIED            ERROR_ACCESS_DENIED
#define WN_BAD_NETNAME              ERROR_BAD_NET_NAME
#define WN_ALREADY_CONNECTED        ERROR_ALREADY_ASSIGNED
#define WN_BAD_LOCALNAME            ERROR_BAD_DEVICE
#define WN_NOT_CONNECTED            ERROR_NOT_CONNECTED
#define WN_BAD_POINTER              ERROR_INVALID_ADDRESS
#define WN_BAD_DEV_TYPE             ERROR_BAD_DEV_TYPE
#define WN_MORE_DATA                ERROR_MORE_DATA
#define WN_NO_MORE_DEVICES          ERROR_NO_MORE_ITEMS
#define WN_NO_NETWORK               ERROR_NO_NETWORK

ULONG BasepNtStatusToWin32Error(NTSTATUS Status);
PCSTR BasepWin32ErrorText(ULONG Error);
SIZE_T BasepFormatSystemError(ULONG Error, PCHAR Buffer, SIZE_T Size);
SIZE_T BasepFormatNetError(ULONG Error, PCHAR Buffer, SIZE_T Size);

#endif
