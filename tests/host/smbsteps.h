/*
 * smbsteps.h - steps of the SMB test client's scenarios: each sends one
 * request through ScTransact (smbsession.h) and returns the NTSTATUS its
 * answer means (SmbErrorToStatus, as the redirector will see it); a server
 * that stops answering ends the program with status 3. Checks print
 * KTAP-like lines through ScCheck.
 */
#ifndef SMBSTEPS_H
#define SMBSTEPS_H

#include "tests/host/smbsession.h"

typedef struct _SC_RUN {
    SC_CLIENT Client;
    int Check;
    int Failed;
} SC_RUN;

void ScCheck(SC_RUN *Run, int Passed, const char *What);
SMB_REQUEST ScMake(UCHAR Command);
NTSTATUS ScDo(SC_RUN *Run, SMB_REQUEST *Request, SMB_REPLY *Reply);
/* NEGOTIATE offering Count of Dialects; keeps the Sid and Key it gives. */
NTSTATUS ScNegotiate(SC_RUN *Run, const char *const *Dialects, ULONG Count, SMB_REPLY *Reply);
NTSTATUS ScLogon(SC_RUN *Run, const char *Account, const char *Password);
NTSTATUS ScConnect(SC_RUN *Run, const char *Path);
/* Named requests: OPEN (read or write), CREATE, CREATE_NEW, the directory
   commands, QUERY_INFORMATION, DELETE; *Fid when one comes back. */
NTSTATUS ScNamed(SC_RUN *Run, UCHAR Command, const char *Name, USHORT Mode, USHORT *Fid);
NTSTATUS ScCloseFile(SC_RUN *Run, USHORT Fid);
NTSTATUS ScWrite(SC_RUN *Run, USHORT Fid, ULONG Offset, const UCHAR *Data, USHORT Count);
/* Reads the whole file in Chunk-byte READs: its FNV-1a hash and size. */
NTSTATUS ScReadAll(SC_RUN *Run, USHORT Fid, USHORT Chunk, unsigned long long *Hash,
                   ULONG *Size);
/* SEARCH Pattern with Attributes, MaxCount entries a call, to the end:
   the names found, space-separated, in Out. */
NTSTATUS ScList(SC_RUN *Run, const char *Pattern, USHORT Attributes, USHORT MaxCount,
                char *Out, size_t Size);

/* smbclient.c's scenarios (smbscenes.c) */
void ScSessionScenario(SC_RUN *Run);
void ScCoreScenario(SC_RUN *Run);
void ScResetScenario(SC_RUN *Run);
void ScEscapeScenario(SC_RUN *Run);

#endif
