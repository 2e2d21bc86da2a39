/*
 * test_basesrv_model.c - the host model check (docs/ARCHITECTURE.md): the real
 * basesrv and network-provider code, run as coroutines over the in-memory
 * object manager and NWRDR of tests/model, every schedule of every set of
 * two and of three operations explored, the drive audit after each.
 *
 * Operations: net use X: by A, net use X: by B, net use X: /delete by A and
 * by B, a remove-exact by W (File Manager) of A's target, and CIM holding a
 * handle to X: - from an empty world and from one where A owns X:. Plus
 * the MMTA loop {A: use, delete; B: use, delete}, four operations.
 *
 * An orphan is what the KB describes: a link whose top target no live
 * connection backs. A process deletes only what it connected (the
 * workload's rule, tests/model/explore.c).
 *
 * Proved: on the MMTA loop rtm orphans X: (the shortest schedule is
 * printed) and, with NWRDR keeping one user context per logon session
 * instead of per process, never does; rtm's sets of two and three leave
 * dead targets under a live top; sp has no orphan nor a stale target on
 * any schedule; neither variant orphans when the operations run one at a
 * time; and the memoised search counts exactly what the plain exhaustive
 * search counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "tests/model/model.h"

#define MAX_CONFIGS 128

static const MODEL_OP AllOps[] = {
    ModelUseA, ModelUseB, ModelDeleteA, ModelDeleteB, ModelRemoveExact, ModelHold,
};

/* Every set of Size distinct operations, from both starting worlds. */
static ULONG MakeConfigs(BASESRV_VARIANT Variant, ULONG Size, MODEL_CONFIG *Configs)
{
    ULONG N = ARRAYSIZE(AllOps), Count = 0, Mask, I;

    for (ULONG Owns = 0; Owns < 2; Owns++) {
        for (Mask = 0; Mask < (1u << N); Mask++) {
            if ((ULONG)__builtin_popcount(Mask) != Size)
                continue;
            MODEL_CONFIG *C = &Configs[Count++];
            memset(C, 0, sizeof(*C));
            C->Variant = Variant;
            C->AOwnsX = (BOOLEAN)Owns;
            for (I = 0; I < N; I++) {
                if (Mask & (1u << I))
                    C->Ops[C->OpCount++] = AllOps[I];
            }
        }
    }
    return Count;
}

static MODEL_CONFIG MmtaLoop(BASESRV_VARIANT Variant)
{
    MODEL_CONFIG C = { Variant, FALSE, FALSE, 4, { ModelUseA, ModelDeleteA, ModelUseB, ModelDeleteB } };

    return C;
}

typedef struct _TOTALS {
    ULONG Configs, OrphanConfigs;
    uint64_t Schedules, Orphaned, DeadTop, Stale, States, Deadlocks;
    MODEL_CONFIG WitnessConfig;
    MODEL_RESULT Witness;
} TOTALS;

static VOID ExploreAll(BASESRV_VARIANT Variant, TOTALS *T)
{
    static MODEL_CONFIG Configs[MAX_CONFIGS];
    MODEL_RESULT R;
    ULONG Count, I, Size;

    memset(T, 0, sizeof(*T));
    for (Size = 2; Size <= 3; Size++) {
        Count = MakeConfigs(Variant, Size, Configs);
        for (I = 0; I < Count; I++) {
            ModelExplore(&Configs[I], TRUE, &R);
            T->Configs++;
            T->OrphanConfigs += R.Orphaned != 0;
            T->Schedules += R.Schedules;
            T->Orphaned += R.Orphaned;
            T->DeadTop += R.DeadTop;
            T->Stale += R.Stale;
            T->States += R.States;
            T->Deadlocks += R.Deadlocks;
            if (R.WitnessLength && (T->Witness.WitnessLength == 0 ||
                                    R.WitnessLength < T->Witness.WitnessLength)) {
                T->Witness = R;
                T->WitnessConfig = Configs[I];
            }
        }
    }
}

static VOID PrintTotals(PCSTR Variant, const TOTALS *T)
{
    print_message("# %s: %u operation sets of 2 and 3, %llu schedules explored "
                  "(%llu distinct states), %llu orphaning in %u sets "
                  "(%llu with a dead top target), %llu leaving a stale target\n",
                  Variant, T->Configs, (unsigned long long)T->Schedules,
                  (unsigned long long)T->States, (unsigned long long)T->Orphaned,
                  T->OrphanConfigs, (unsigned long long)T->DeadTop,
                  (unsigned long long)T->Stale);
}

static VOID PrintWitness(const MODEL_CONFIG *Config, const MODEL_RESULT *R)
{
    char Name[96];

    ModelFormatConfig(Config, Name, sizeof(Name));
    print_message("# an orphaning schedule of %s (%u steps; step, process, "
                  "environment call, targets, status):\n", Name, R->WitnessLength);
    fflush(stdout);
    assert_true(ModelReplay(Config, R->Witness, R->WitnessLength, stdout) > 0);
    fflush(stdout);
}

/* rtm: schedules of two or three operations leave a dead target under a
   live top - an orphan waiting for the top's remove (a whole orphan needs
   both processes' use and delete: the MMTA loop below). */
static void test_rtm_sets_leave_stale_targets(void **state)
{
    static TOTALS T;

    ExploreAll(BaseSrvRtm, &T);
    PrintTotals("rtm", &T);
    assert_int_equal(T.Deadlocks, 0);
    assert_true(T.Stale > 0);
}

/* sp: no schedule of two or three operations orphans, or leaves a stale target. */
static void test_sp_never_orphans(void **state)
{
    static TOTALS T;

    ExploreAll(BaseSrvSp, &T);
    PrintTotals("sp", &T);
    assert_int_equal(T.Deadlocks, 0);
    assert_true(T.Schedules > 10000);
    assert_int_equal(T.Orphaned, 0);
    assert_int_equal(T.Stale, 0);
}

/* The MMTA loop: rtm reaches the KB's orphan - X: points at a connection
   that is gone, nobody owns it, net use X: answers 85 - and sp does not. */
static void test_mmta_loop(void **state)
{
    MODEL_CONFIG Rtm = MmtaLoop(BaseSrvRtm), Sp = MmtaLoop(BaseSrvSp);
    MODEL_RESULT R;

    ModelExplore(&Rtm, TRUE, &R);
    print_message("# rtm MMTA loop: %llu schedules, %llu orphaning, %llu table-only\n",
                  (unsigned long long)R.Schedules, (unsigned long long)R.Orphaned,
                  (unsigned long long)R.TableOnly);
    assert_true(R.DeadTop > 0);
    PrintWitness(&Rtm, &R);
    ModelSetSerialProcess(ModelMmtaB);
    assert_int_equal(ModelRunOp(ModelUseB), 85);    /* and now net use fails */
    assert_int_equal(ModelConnectionCount(), 0);

    ModelExplore(&Sp, TRUE, &R);
    print_message("# sp MMTA loop: %llu schedules, %llu orphaning\n",
                  (unsigned long long)R.Schedules, (unsigned long long)R.Orphaned);
    assert_int_equal(R.Orphaned, 0);
    assert_int_equal(R.Stale, 0);
    assert_int_equal(R.Deadlocks, 0);
}

/* The variable the KB names: with NWRDR keeping one user context per logon
   session, as RDR does, the same MMTA loop on rtm never orphans - the
   second instance's connection to X: fails in the redirector (85) instead
   of racing the first's through basesrv. */
static void test_mmta_loop_shared_contexts(void **state)
{
    MODEL_CONFIG Rtm = MmtaLoop(BaseSrvRtm);
    MODEL_RESULT R;

    Rtm.SharedContexts = TRUE;
    ModelExplore(&Rtm, TRUE, &R);
    print_message("# rtm MMTA loop, one context per logon session: %llu schedules, "
                  "%llu orphaning, %llu table-only\n", (unsigned long long)R.Schedules,
                  (unsigned long long)R.Orphaned, (unsigned long long)R.TableOnly);
    assert_true(R.Schedules > 100);
    assert_int_equal(R.Orphaned, 0);
    assert_int_equal(R.Stale, 0);
    assert_int_equal(R.Deadlocks, 0);
}

/* Memoisation merges equal states only: on every two-operation set the
   plain exhaustive search gives the same counts. */
static void test_memo_counts_equal_plain_search(void **state)
{
    static MODEL_CONFIG Configs[MAX_CONFIGS];
    MODEL_RESULT Memo, Plain;
    uint64_t Total = 0;
    ULONG Count, I, V;

    for (V = 0; V < 2; V++) {
        Count = MakeConfigs((BASESRV_VARIANT)V, 2, Configs);
        for (I = 0; I < Count; I++) {
            ModelExplore(&Configs[I], TRUE, &Memo);
            ModelExplore(&Configs[I], FALSE, &Plain);
            assert_int_equal(Memo.Schedules, Plain.Schedules);
            assert_int_equal(Memo.Orphaned, Plain.Orphaned);
            assert_int_equal(Memo.DeadTop, Plain.DeadTop);
            assert_int_equal(Memo.Stale, Plain.Stale);
            assert_int_equal(Plain.Replays, Plain.States + Plain.Schedules);
            Total += Plain.Schedules;
        }
    }
    print_message("# plain search of the 2-operation sets: %llu schedules, each run\n",
                  (unsigned long long)Total);
}

/* Every order of the operations of a set, each run alone. */
static ULONG SerialOrphans(const MODEL_CONFIG *C, UCHAR *Order, ULONG Depth, ULONG Used)
{
    ULONG I, J, Orphans = 0;

    if (Depth == C->OpCount)
        return ModelRunSerial(C, Order);
    for (I = 0; I < C->OpCount; I++) {
        BOOLEAN Earlier = FALSE;

        if (Used & (1u << I))
            continue;
        for (J = 0; J < I; J++)         /* a process's operations keep their order */
            Earlier |= !(Used & (1u << J)) && ModelOpProcess(C->Ops[J]) == ModelOpProcess(C->Ops[I]);
        if (Earlier)
            continue;
        Order[Depth] = (UCHAR)I;
        Orphans += SerialOrphans(C, Order, Depth + 1, Used | (1u << I));
    }
    return Orphans;
}

/* rtm with the operations run one at a time never orphans. */
static void test_serial_never_orphans(void **state)
{
    static MODEL_CONFIG Configs[MAX_CONFIGS];
    UCHAR Order[MODEL_MAX_OPS];
    ULONG V, Size, Count, I;

    for (V = 0; V < 2; V++) {
        for (Size = 2; Size <= 3; Size++) {
            Count = MakeConfigs((BASESRV_VARIANT)V, Size, Configs);
            for (I = 0; I < Count; I++)
                assert_int_equal(SerialOrphans(&Configs[I], Order, 0, 0), 0);
        }
        MODEL_CONFIG Loop = MmtaLoop((BASESRV_VARIANT)V);
        assert_int_equal(SerialOrphans(&Loop, Order, 0, 0), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memo_counts_equal_plain_search),
        cmocka_unit_test(test_serial_never_orphans),
        cmocka_unit_test(test_rtm_sets_leave_stale_targets),
        cmocka_unit_test(test_sp_never_orphans),
        cmocka_unit_test(test_mmta_loop),
        cmocka_unit_test(test_mmta_loop_shared_contexts),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
