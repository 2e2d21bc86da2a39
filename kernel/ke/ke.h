/*
 * ke.h - the kernel proper: startup, traps, bugcheck, the clock, spinlocks
 * and the boot arguments.
 *
 * Interface:
 *   init.c      KiSystemStartup                 (from boot/entry.S)
 *   trap.c      KiDispatchTrap                  (from boot/trap.S)
 *   bugcheck.c  KeBugCheckEx, KiBugCheckWithFrame, KiBugCheckFromTask
 *   symbols.c   KiLookupSymbol                  (pure; unit-tested)
 *   clock.c     KeUpdateSystemTime, KeQueryRealTime
 *   spinlock.c  KeAcquireSpinLock, KeReleaseSpinLock
 *   bootargs.c  KeBootArgs, KiParseBootArgs, KdPrint channels
 */
#ifndef KE_H
#define KE_H

#include "ntdef.h"

/* Bugcheck codes, NT's numbers. */
#define IRQL_NOT_LESS_OR_EQUAL              0x0000000A
#define SPIN_LOCK_ALREADY_OWNED             0x0000000F
#define KMODE_EXCEPTION_NOT_HANDLED         0x0000001E
#define NO_MORE_IRP_STACK_LOCATIONS         0x00000035
#define MULTIPLE_IRP_COMPLETE_REQUESTS      0x00000044
#define PFN_LIST_CORRUPT                    0x0000004E
#define PAGE_FAULT_IN_NONPAGED_AREA         0x00000050
#define HAL_INITIALIZATION_FAILED           0x0000005C
#define INSTALL_MORE_MEMORY                 0x0000007D
#define UNEXPECTED_KERNEL_MODE_TRAP         0x0000007F
#define BAD_POOL_CALLER                     0x000000C2
#define DRIVER_VERIFIER_IOMANAGER_VIOLATION 0x000000C9
#define MANUALLY_INITIATED_CRASH            0x000000E2

struct _KTRAP_FRAME;

VOID __attribute__((noreturn)) KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2,
                                            ULONG_PTR P3, ULONG_PTR P4);
VOID __attribute__((noreturn)) KiBugCheckWithFrame(const struct _KTRAP_FRAME *Frame, ULONG Code,
                                                   ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                                                   ULONG_PTR P4);
VOID __attribute__((noreturn)) KiBugCheckFromTask(ULONG Code, ULONG_PTR P1, ULONG_PTR P2,
                                                  ULONG_PTR P3, ULONG_PTR P4);
const char *KeBugCheckName(ULONG Code);

#define ASSERT(e) \
    ((e) ? (void)0 : KeBugCheckEx(MANUALLY_INITIATED_CRASH, __LINE__, (ULONG_PTR)__FILE__, 0, 0))

/* symbols.c: the table tools/ksyms.sh generates after the first link. */
typedef struct _KSYMBOL {
    ULONG_PTR Address;
    const char *Name;
} KSYMBOL;

extern const ULONG KiSymbolCount;
extern const KSYMBOL KiSymbolTable[];
const char *KiLookupSymbol(const KSYMBOL *Table, ULONG Count, ULONG_PTR TextEnd,
                           ULONG_PTR Address, ULONG_PTR *Offset);

/* clock.c: the real clock, in milliseconds since boot. */
VOID KeUpdateSystemTime(VOID);
ULONG64 KeQueryRealTime(VOID);

/* spinlock.c: one processor, so a spinlock only has to keep interrupts out. */
typedef UCHAR KIRQL, *PKIRQL;
typedef volatile ULONG KSPIN_LOCK, *PKSPIN_LOCK;
VOID KeAcquireSpinLock(PKSPIN_LOCK Lock, PKIRQL OldIrql);
VOID KeReleaseSpinLock(PKSPIN_LOCK Lock, KIRQL OldIrql);

/* bootargs.c: the multiboot command line, checked and applied once. */
typedef enum { CONSOLE_INTERACTIVE, CONSOLE_BATCH } KCONSOLE_MODE;
typedef enum { SCHED_POLICY_RR, SCHED_POLICY_PCT } KSCHED_POLICY;
typedef enum { BASESRV_RTM, BASESRV_SP } KBASESRV_VARIANT;

/* Debug channels for verbose= (KdPrint). */
#define KD_MM    0x01
#define KD_HAL   0x02
#define KD_PCI   0x04
#define KD_KE    0x08
#define KD_IO    0x10
#define KD_NET   0x20

typedef struct _KBOOT_ARGS {
    char Test[32];
    char Scenario[32];
    ULONG Console;          /* KCONSOLE_MODE */
    ULONG Sched;            /* KSCHED_POLICY */
    ULONG BaseSrv;          /* KBASESRV_VARIANT */
    ULONG Seed, Depth, Steps, Schedules;
    ULONG Verbose;          /* KD_* channels */
    ULONG Trace;            /* 0 hash only, 1 full */
    ULONG Rejected;         /* words that were reported and ignored */
} KBOOT_ARGS;

extern KBOOT_ARGS KeBootArgs;
VOID KiParseBootArgs(const char *CommandLine);

#define KdPrint(Channel, ...) \
    do { if (KeBootArgs.Verbose & (Channel)) printf(__VA_ARGS__); } while (0)

#endif
