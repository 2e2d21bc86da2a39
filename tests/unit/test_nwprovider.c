/*
 * test_nwprovider.c - the NetWare provider's net use and net use /delete,
 * one call at a time over tests/model, and user/lib's error table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "tests/model/model.h"
#include "user/lib/winerror.h"

static PNWP_ENV Nwp;

static const char *LinkX(void)
{
    return ModelLinkTargets("\\DosDevices\\X:");
}

static int Setup(void **state)
{
    ModelReset(BaseSrvSp, FALSE);
    ModelSetSerialProcess(ModelMmtaA);
    Nwp = ModelNwpEnv();
    return 0;
}

static void test_net_use_and_delete(void **state)
{
    for (ULONG V = 0; V < 2; V++) {
        ModelReset((BASESRV_VARIANT)V, FALSE);
        ModelSetSerialProcess(ModelMmtaA);
        assert_int_equal(NwpAddConnection(Nwp, "x:", "\\\\NW1\\MAIL", NULL, NULL), WN_SUCCESS);
        assert_string_equal(LinkX(), "\\Device\\NwRdr\\;X:\\NW1\\MAIL");
        assert_int_equal(ModelConnectionCount(), 1);
        /* B: the client sees the letter taken */
        ModelSetSerialProcess(ModelMmtaB);
        assert_int_equal(NwpAddConnection(Nwp, "X:", "\\\\NW1\\SYS", NULL, NULL), ERROR_ALREADY_ASSIGNED);
        assert_int_equal(ModelConnectionCount(), 1);
        /* B cannot delete A's connection */
        assert_int_equal(NwpCancelConnection(Nwp, "X:"), ERROR_ACCESS_DENIED);
        ModelSetSerialProcess(ModelMmtaA);
        assert_int_equal(NwpCancelConnection(Nwp, "X:"), WN_SUCCESS);
        assert_string_equal(LinkX(), "");
        assert_int_equal(ModelConnectionCount(), 0);
        assert_int_equal(ModelServer()->Drives['X' - 'A'].State, BaseSrvDriveFree);
        assert_int_equal(NwpCancelConnection(Nwp, "X:"), ERROR_NOT_CONNECTED);
    }
}

static void test_bad_names(void **state)
{
    char Target[NWP_MAX_TARGET];

    assert_int_equal(NwpAddConnection(Nwp, "1:", "\\\\NW1\\MAIL", NULL, NULL), ERROR_BAD_DEVICE);
    assert_int_equal(NwpAddConnection(Nwp, "XY", "\\\\NW1\\MAIL", NULL, NULL), ERROR_BAD_DEVICE);
    assert_int_equal(NwpAddConnection(Nwp, "X:", "NW1\\MAIL", NULL, NULL), ERROR_BAD_NET_NAME);
    assert_int_equal(NwpAddConnection(Nwp, "X:", "\\\\NW1", NULL, NULL), ERROR_BAD_NET_NAME);
    assert_int_equal(NwpAddConnection(Nwp, "X:", "\\\\NW1\\", NULL, NULL), ERROR_BAD_NET_NAME);
    assert_int_equal(NwpAddConnection(Nwp, "X:", "\\\\\\MAIL", NULL, NULL), ERROR_BAD_NET_NAME);
    assert_int_equal(NwpCancelConnection(Nwp, "LPT1"), ERROR_BAD_DEVICE);
    assert_int_equal(ModelConnectionCount(), 0);
    assert_int_equal(NwpConnectionTarget("q:", "\\\\S\\V\\DIR", Target, sizeof(Target)), 0);
    assert_string_equal(Target, "\\Device\\NwRdr\\;Q:\\S\\V\\DIR");
    assert_int_equal(NwpConnectionTarget("q:", "\\\\S\\V", Target, 20), ERROR_BAD_NET_NAME);
}

/* A client whose QueryDosDevice raced (saw the letter free) while another
   process holds it: NWRDR, one context per process, makes its connection
   and CSRSS pushes its target on the letter - in both variants. In the
   same process NWRDR itself says the letter is taken. */
static NTSTATUS RacedQuery(PVOID Context, PCSTR Name, PCHAR Targets, ULONG Size, PULONG Length)
{
    *Length = 0;
    return STATUS_OBJECT_NAME_NOT_FOUND;
}

static void test_raced_query_pushes(void **state)
{
    NWP_ENV Raced = *Nwp;

    Raced.QueryDosDevice = RacedQuery;
    assert_int_equal(NwpAddConnection(Nwp, "X:", "\\\\NW1\\MAIL", NULL, NULL), WN_SUCCESS);
    ModelSetSerialProcess(ModelMmtaB);
    assert_int_equal(NwpAddConnection(&Raced, "X:", "\\\\NW1\\SYS", NULL, NULL), WN_SUCCESS);
    assert_int_equal(ModelConnectionCount(), 2);
    ModelSetSerialProcess(ModelMmtaA);
    assert_int_equal(NwpAddConnection(&Raced, "X:", "\\\\NW1\\SYS", NULL, NULL), WN_ALREADY_CONNECTED);
    assert_int_equal(ModelConnectionCount(), 2);
    /* each deletes its own, in either order: the letter goes with the last */
    assert_int_equal(NwpCancelConnection(Nwp, "X:"), WN_SUCCESS);
    assert_string_equal(LinkX(), "\\Device\\NwRdr\\;X:\\NW1\\SYS");
    ModelSetSerialProcess(ModelMmtaB);
    assert_int_equal(NwpCancelConnection(Nwp, "X:"), WN_SUCCESS);
    assert_int_equal(ModelConnectionCount(), 0);
}

static void test_error_table(void **state)
{
    char Text[160];

    assert_int_equal(BasepNtStatusToWin32Error(STATUS_SUCCESS), 0);
    assert_int_equal(BasepNtStatusToWin32Error(STATUS_ACCESS_DENIED), 5);
    assert_int_equal(BasepNtStatusToWin32Error(STATUS_BAD_NETWORK_NAME), 67);
    assert_int_equal(BasepNtStatusToWin32Error(STATUS_OBJECT_NAME_COLLISION), 183);
    assert_int_equal(BasepNtStatusToWin32Error(STATUS_INVALID_PARAMETER), 87);
    assert_int_equal(BasepNtStatusToWin32Error(STATUS_OBJECT_NAME_NOT_FOUND), 2);
    assert_int_equal(BasepNtStatusToWin32Error(STATUS_IO_TIMEOUT), 121);
    assert_int_equal(BasepNtStatusToWin32Error(STATUS_WRONG_PASSWORD), 86);
    assert_int_equal(BasepNtStatusToWin32Error(STATUS_LOGON_FAILURE), 1326);
    assert_int_equal(BasepNtStatusToWin32Error(STATUS_FILES_OPEN), 2401);
    assert_int_equal(BasepNtStatusToWin32Error(STATUS_REDIRECTOR_NOT_STARTED), 3);
    assert_int_equal(BasepNtStatusToWin32Error(STATUS_INSUFFICIENT_RESOURCES), ERROR_GEN_FAILURE);
    assert_string_equal(BasepWin32ErrorText(2401),
                        "This network connection has files open or requests pending.");
    assert_string_equal(BasepWin32ErrorText(3), "The system cannot find the path specified.");
    assert_string_equal(BasepWin32ErrorText(85), "The local device name is already in use.");
    assert_string_equal(BasepWin32ErrorText(5), "Access is denied.");
    assert_string_equal(BasepWin32ErrorText(67), "The network name cannot be found.");
    assert_string_equal(BasepWin32ErrorText(1200), "The specified device name is invalid.");
    assert_string_equal(BasepWin32ErrorText(2250), "This network connection does not exist.");
    assert_string_equal(BasepWin32ErrorText(183),
                        "Cannot create a file when that file already exists.");
    assert_null(BasepWin32ErrorText(12345));
    assert_int_equal(BasepFormatSystemError(85, Text, sizeof(Text)), 72);
    assert_string_equal(Text, "System error 85 has occurred.\n\n"
                              "The local device name is already in use.\n");
    BasepFormatSystemError(2250, Text, 20);
    assert_string_equal(Text, "System error 2250 h");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_net_use_and_delete, Setup),
        cmocka_unit_test_setup(test_bad_names, Setup),
        cmocka_unit_test_setup(test_raced_query_pushes, Setup),
        cmocka_unit_test_setup(test_error_table, Setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
