/*
 * ncpsteps.h - steps of the host test client's scenarios: each sends one
 * NCP request through NcTransact (ncpsession.h) and returns the completion
 * code; a server that stops answering ends the program with status 3.
 * Checks print KTAP-like lines through NcCheck.
 */
#ifndef NCPSTEPS_H
#define NCPSTEPS_H

#include "tests/host/ncpsession.h"

typedef struct _NC_RUN {
    NC_CLIENT Client;
    const char *Root;                /* ncpserv's --root */
    const char *Fixtures;            /* ncpserv's --fixtures */
    int Check;
    int Failed;
} NC_RUN;

void NcCheck(NC_RUN *Run, int Passed, const char *What);
UCHAR NcDo(NC_RUN *Run, NCP_REQUEST *Request, NCP_REPLY *Reply);
NCP_REQUEST NcMake(USHORT Type, UCHAR Function, UCHAR SubFunction);
/* NcLogin is the keyed login (NcObjectId, NcLoginKey, NcKeyedLogin) and
   returns the first code that is not 0; NcPlainLogin is 0x17/0x14. */
UCHAR NcObjectId(NC_RUN *Run, const char *User, ULONG *ObjectId);
UCHAR NcLoginKey(NC_RUN *Run, UCHAR *Key);
UCHAR NcKeyedLogin(NC_RUN *Run, const char *User, ULONG ObjectId, const char *Password,
                   const UCHAR *Key);
UCHAR NcLogin(NC_RUN *Run, const char *User, const char *Password);
UCHAR NcPlainLogin(NC_RUN *Run, const char *User, const char *Password);
UCHAR NcAllocDir(NC_RUN *Run, const char *Path, UCHAR *Handle);
/* Open (0x41, 0x4C) or create (0x43, 0x4D) Name in DirHandle. */
UCHAR NcOpenFile(NC_RUN *Run, UCHAR Function, UCHAR DirHandle,
                 const char *Name, NCP_FILE_INFO *Info);
/* Close (0x42) or size (0x47) by handle. */
UCHAR NcHandleOp(NC_RUN *Run, UCHAR Function, const UCHAR *Handle);
unsigned long NcHash(unsigned long Hash, const UCHAR *Data, size_t Length);
unsigned long NcHashFile(const char *Path, long *Size);
unsigned long NcReadAll(NC_RUN *Run, const UCHAR *Handle, long *Size);
UCHAR NcWrite(NC_RUN *Run, const UCHAR *Handle, ULONG Offset,
              const UCHAR *Data, USHORT Count);
/* 0x3E then 0x3F until 0xFF: the names, sorted as the server sends them. */
UCHAR NcList(NC_RUN *Run, UCHAR DirHandle, UCHAR Attributes, char *Out,
             size_t Size);
void NcHostList(const char *Folder, int Directories, char *Out, size_t Size);

/* ncpclient.c: how every scenario starts (SAP, RIP, create, negotiate) and
   ends (logout, destroy). */
void NcFindAndConnect(NC_RUN *Run);
void NcDisconnect(NC_RUN *Run);

/* ncpscenes.c */
void NcLoginsScenario(NC_RUN *Run, int UnencryptedAllowed);
void NcCallsScenario(NC_RUN *Run);

#endif
