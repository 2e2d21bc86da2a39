/*
 * test_nwcrypt.c - cmocka tests of NetWare's password hashing
 * (drivers/nwrdr/nwcrypt.c).
 *
 * The known answers were computed by an independent implementation of the
 * published algorithm (FreeBSD's sys/netncp/ncp_crypt.c, nw_keyhash and
 * nw_encrypt, built on the host) and agree with nwcrypt.c; the same two
 * also agreed on 200,000 random object IDs, keys and passwords of 0 to 99
 * bytes, trailing zeros included. Object IDs are ncpserv's bindery's
 * (SUPERVISOR is 1, as on every NetWare server).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "drivers/nwrdr/nwcrypt.h"

typedef struct _VECTOR {
    ULONG ObjectId;
    const char *Password;
    const char *Key;            /* 16 hex digits */
    const char *Hash;           /* 32 */
    const char *Response;       /* 16 */
} VECTOR;

static const VECTOR Vectors[] = {
    { 0x00000001, "SECRET", "0102030405060708",
      "431acc6aff11a6d53f71189f6e1ca901", "0bb6423892796724" },
    { 0x00000001, "SECRET", "a55a0ff0c33c9669",
      "431acc6aff11a6d53f71189f6e1ca901", "cdbf9ad017dcbaf7" },
    { 0x03000001, "", "0102030405060708",
      "f0d6602e257b9706fad7b22aa4afa0bd", "260f30d27c8dce0c" },
    { 0x0B000001, "MAILAGENT", "a55a0ff0c33c9669",
      "cf5312739733f0f0abda85b7e12b2267", "39cf3355d01e5cc3" },
    /* Exactly one 32-byte block, then a block and a rest of 16. */
    { 0x12345678, "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "0011223344556677",
      "517cac89e9bc643b14dbc89c3ee25e0b", "fcb8a2e0d79a1446" },
    { 0x12345678, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCD", "fedcba9876543210",
      "dd20d8ef5c5e3d526950848b616494c1", "d8fcbefbc202556b" },
    /* Lower case hashes as upper case, as NetWare's clients send it. */
    { 0x12345678, "abc", "0011223344556677",
      "ea6020966290f1e925eb609a11d28c11", "49a6f55829b0c3a8" },
};

static void FromHex(const char *Text, UCHAR *Out, size_t Length)
{
    size_t Index;
    unsigned int Byte;

    assert_int_equal(strlen(Text), 2 * Length);
    for (Index = 0; Index < Length; Index++) {
        assert_int_equal(sscanf(Text + 2 * Index, "%2x", &Byte), 1);
        Out[Index] = (UCHAR)Byte;
    }
}

static void test_known_answers(void **state)
{
    UCHAR Key[NW_KEY_LENGTH], Hash[NW_HASH_LENGTH], Expected[NW_HASH_LENGTH];
    UCHAR Response[NW_RESPONSE_LENGTH], ExpectedResponse[NW_RESPONSE_LENGTH];
    size_t Index;

    for (Index = 0; Index < ARRAYSIZE(Vectors); Index++) {
        FromHex(Vectors[Index].Key, Key, sizeof(Key));
        FromHex(Vectors[Index].Hash, Expected, sizeof(Expected));
        FromHex(Vectors[Index].Response, ExpectedResponse, sizeof(ExpectedResponse));
        assert_int_equal(NwHashPassword(Vectors[Index].ObjectId, Vectors[Index].Password,
                                        Hash), STATUS_SUCCESS);
        assert_memory_equal(Hash, Expected, sizeof(Hash));
        NwEncryptHash(Key, Hash, Response);
        assert_memory_equal(Response, ExpectedResponse, sizeof(Response));
    }
}

/* The object ID goes in as its wire (big-endian) bytes. */
static void test_object_id_is_big_endian(void **state)
{
    static const UCHAR Id[NW_ID_LENGTH] = { 0x0B, 0x00, 0x00, 0x01 };
    UCHAR ByShuffle[NW_HASH_LENGTH], ByHash[NW_HASH_LENGTH];

    NwShuffle(Id, (const UCHAR *)"MAILAGENT", 9, ByShuffle);
    assert_int_equal(NwHashPassword(0x0B000001, "MailAgent", ByHash), STATUS_SUCCESS);
    assert_memory_equal(ByShuffle, ByHash, sizeof(ByHash));
    assert_int_equal(NwHashPassword(0x0100000B, "MAILAGENT", ByHash), STATUS_SUCCESS);
    assert_memory_not_equal(ByShuffle, ByHash, sizeof(ByHash));
}

/* Trailing zero bytes do not count; anything else does. */
static void test_trailing_zeros_do_not_count(void **state)
{
    static const UCHAR Id[NW_ID_LENGTH] = { 0, 0, 0, 1 };
    static const UCHAR Padded[40] = "SECRET";
    UCHAR Short[NW_HASH_LENGTH], Long[NW_HASH_LENGTH], Other[NW_HASH_LENGTH];

    NwShuffle(Id, Padded, 6, Short);
    NwShuffle(Id, Padded, sizeof(Padded), Long);
    assert_memory_equal(Short, Long, sizeof(Short));
    NwShuffle(Id, (const UCHAR *)"SECRET ", 7, Other);
    assert_memory_not_equal(Short, Other, sizeof(Short));
}

/* Another key, another answer, from the same stored hash. */
static void test_answers_differ_per_key(void **state)
{
    UCHAR Hash[NW_HASH_LENGTH], First[NW_RESPONSE_LENGTH], Second[NW_RESPONSE_LENGTH];
    UCHAR Key[NW_KEY_LENGTH] = { 1, 2, 3, 4, 5, 6, 7, 8 };

    assert_int_equal(NwHashPassword(1, "SECRET", Hash), STATUS_SUCCESS);
    NwEncryptHash(Key, Hash, First);
    Key[7] ^= 1;
    NwEncryptHash(Key, Hash, Second);
    assert_memory_not_equal(First, Second, sizeof(First));
}

static void test_password_length_limit(void **state)
{
    char Password[NW_MAX_PASSWORD + 2];
    UCHAR Hash[NW_HASH_LENGTH];

    memset(Password, 'P', sizeof(Password));
    Password[NW_MAX_PASSWORD] = '\0';
    assert_int_equal(NwHashPassword(1, Password, Hash), STATUS_SUCCESS);
    Password[NW_MAX_PASSWORD] = 'P';
    Password[NW_MAX_PASSWORD + 1] = '\0';
    assert_int_equal(NwHashPassword(1, Password, Hash), STATUS_INVALID_PARAMETER);
}

int main(void)
{
    const struct CMUnitTest Tests[] = {
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_object_id_is_big_endian),
        cmocka_unit_test(test_trailing_zeros_do_not_count),
        cmocka_unit_test(test_answers_differ_per_key),
        cmocka_unit_test(test_password_length_limit),
    };

    return cmocka_run_group_tests(Tests, NULL, NULL);
}
