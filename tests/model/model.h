/*
 * model.h - a small in-memory world for basesrv and the network provider
 * on the host: an object manager (\DosDevices links whose names linger
 * while a handle is open, per-process handles, the drive map), NWRDR
 * (connections in a user context per process, or per logon session as a
 * switch), the basesrv lock, and processes that run the
 * REAL user/csrss and user/lib code as coroutines.
 *
 * model.c holds the world and the two environments (BASESRV_ENV, NWP_ENV)
 * over it; explore.c runs processes as ucontext coroutines that switch only
 * in the environment's Yield, replays a schedule (a list of which process
 * moves next), and explores every schedule of a configuration depth-first.
 *
 * Interface:
 *   ModelReset             empty world, basesrv initialised in a variant
 *   ModelSetSerialProcess  who calls when no coroutine runs (serial tests)
 *   ModelBaseSrvEnv/ModelNwpEnv/ModelServer   the environments and server
 *   ModelDriveEntry/ModelLinkTargets          a letter's entry; a link's
 *                          targets as "t1|t2" (for the tests' asserts)
 *   ModelOpenLink/ModelCloseHandle            what CIM does
 *   ModelCreateRawLink     a link made outside basesrv (C: at boot)
 *   ModelConnectionCount   live NWRDR connections
 *   ModelExplore           every schedule of a MODEL_CONFIG; counts, witness
 *   ModelReplay            one schedule, with its steps printed
 *   ModelRunSerial         the operations one at a time, in a given order
 */
#ifndef MODEL_H
#define MODEL_H

#include <stdint.h>
#include <stdio.h>

#include "user/csrss/basesrv/basesrv.h"
#include "user/lib/mpr.h"

/* The processes of the model, with their process ids. */
typedef enum _MODEL_PROCESS {
    ModelMmtaA,         /* an MMTA instance (a service, SYSTEM's logon session) */
    ModelMmtaB,         /* another MMTA instance, same logon session */
    ModelWinFile,       /* File Manager, the interactive user's session */
    ModelCim,           /* Compaq Insight Manager, a service */
    ModelProcesses
} MODEL_PROCESS;

ULONG ModelProcessId(MODEL_PROCESS Process);
PCSTR ModelProcessName(MODEL_PROCESS Process);

/* The operations a configuration is made of. */
typedef enum _MODEL_OP {
    ModelUseA,          /* A: net use X: \\NW1\MAIL */
    ModelUseB,          /* B: net use X: \\NW1\SYS */
    ModelDeleteA,       /* A: net use X: /delete */
    ModelDeleteB,       /* B: net use X: /delete */
    ModelRemoveExact,   /* W: DefineDosDevice(REMOVE|RAW|EXACT, X:, A's target) */
    ModelHold,          /* CIM: open \DosDevices\X:, hold the handle, close it */
    ModelOps
} MODEL_OP;

#define MODEL_TARGET_A "\\Device\\NwRdr\\;X:\\NW1\\MAIL"
#define MODEL_TARGET_B "\\Device\\NwRdr\\;X:\\NW1\\SYS"
#define MODEL_MAX_OPS 4

PCSTR ModelOpName(MODEL_OP Op);
MODEL_PROCESS ModelOpProcess(MODEL_OP Op);
ULONG ModelRunOp(MODEL_OP Op);      /* Win32 error, or NTSTATUS for W and CIM */

/* model.c */
VOID ModelReset(BASESRV_VARIANT Variant, BOOLEAN SharedContexts);
VOID ModelSetSerialProcess(MODEL_PROCESS Process);
PBASESRV_ENV ModelBaseSrvEnv(VOID);
PNWP_ENV ModelNwpEnv(VOID);
PBASESRV_SERVER ModelServer(VOID);
PBASESRV_DRIVE_ENTRY ModelDriveEntry(ULONG Drive);
const char *ModelLinkTargets(PCSTR LinkName);       /* "t1|t2", "" without a link */
NTSTATUS ModelOpenLink(PCSTR LinkName, PULONG Handle);
NTSTATUS ModelCloseHandle(ULONG Handle);
NTSTATUS ModelCreateRawLink(PCSTR LinkName, PCSTR Target);
ULONG ModelConnectionCount(VOID);
ULONG ModelLinkObjects(VOID);
VOID ModelHashWorld(uint64_t Hash[2]);

/* Set by explore.c: who runs, how it yields and blocks, and the step log. */
typedef struct _MODEL_SCHEDULER {
    LONG Current;                       /* running coroutine, -1 for none */
    VOID (*Park)(BOOLEAN Blocked);      /* back to the scheduler */
    VOID (*Record)(PCSTR Action, NTSTATUS Status, const VOID *Out, SIZE_T OutLength);
    MODEL_PROCESS (*CurrentProcess)(VOID);
} MODEL_SCHEDULER;
extern MODEL_SCHEDULER ModelScheduler;
BOOLEAN ModelLockFree(VOID);

/* explore.c */
typedef struct _MODEL_CONFIG {
    BASESRV_VARIANT Variant;
    BOOLEAN SharedContexts;             /* NWRDR keeps one context per logon session */
    BOOLEAN AOwnsX;                     /* A has made X: before the operations start */
    ULONG OpCount;
    MODEL_OP Ops[MODEL_MAX_OPS];
} MODEL_CONFIG;

#define MODEL_MAX_STEPS 128

typedef struct _MODEL_RESULT {
    uint64_t Schedules;                 /* complete schedules, all of them */
    uint64_t Orphaned;                  /* of which end with an orphan: a link whose
                                           top target no live connection backs */
    uint64_t TableOnly;                 /* ... with only the entry and the link at odds */
    uint64_t DeadTop;                   /* == Orphaned (kept for the reports) */
    uint64_t Stale;                     /* ... that leave a dead target under the top */
    uint64_t States;                    /* distinct states visited */
    uint64_t Replays;                   /* schedule prefixes executed */
    uint64_t Deadlocks;
    ULONG OrphanKinds;                  /* BASESRV_ORPHAN_* seen */
    ULONG WitnessLength;                /* the shortest orphaning schedule */
    UCHAR Witness[MODEL_MAX_STEPS];
} MODEL_RESULT;

VOID ModelExplore(const MODEL_CONFIG *Config, BOOLEAN Memoize, MODEL_RESULT *Result);
ULONG ModelReplay(const MODEL_CONFIG *Config, const UCHAR *Choices, ULONG Count, FILE *Log);
ULONG ModelRunSerial(const MODEL_CONFIG *Config, const UCHAR *Order);
VOID ModelFormatConfig(const MODEL_CONFIG *Config, char *Buffer, size_t Size);

#endif
