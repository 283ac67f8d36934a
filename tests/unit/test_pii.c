/* test_pii.c: sealing ID cards and phones at rest, the key rotation, and the blind index. */
#include "unit.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/pii.h"

#define KEY_A "key-A-0123456789abcdef0123456789abcdef"
#define KEY_B "key-B-0123456789abcdef0123456789abcdef"

static void round_trip(void **state)
{
	(void)state;
	struct pii_keys k;
	assert_int_equal(pii_keys_init(&k, KEY_A, NULL), 0);
	char *a = pii_seal(&k, "11010519491231002X"), *b = pii_seal(&k, "11010519491231002X");
	assert_non_null(a);
	assert_null(strstr(a, "11010519491231002X"));
	assert_string_not_equal(a, b); /* a fresh nonce each time */
	assert_int_equal(pii_sealed(&k, a), 2);
	char *plain = pii_open(&k, a);
	assert_string_equal(plain, "11010519491231002X");
	free(plain);
	char *empty = pii_seal(&k, "");
	plain = pii_open(&k, empty);
	assert_string_equal(plain, "");
	free(plain);
	free(empty);
	free(a);
	free(b);
}

static void refusals(void **state)
{
	(void)state;
	struct pii_keys k, other;
	assert_int_equal(pii_keys_init(&k, KEY_A, NULL), 0);
	assert_int_equal(pii_keys_init(&other, KEY_B, NULL), 0);
	assert_int_equal(pii_keys_init(&other, "short", NULL), -1);
	assert_int_equal(pii_keys_init(&other, KEY_B, "short"), -1);
	assert_int_equal(pii_keys_init(&other, KEY_B, NULL), 0);
	char *a = pii_seal(&k, "13800138000");
	assert_null(pii_open(&other, a)); /* another key */
	assert_int_equal(pii_sealed(&other, a), 1);
	char *flipped = strdup(a);
	size_t n = strlen(flipped);
	flipped[n - 2] = flipped[n - 2] == 'A' ? 'B' : 'A';
	assert_null(pii_open(&k, flipped)); /* changed: the MAC fails */
	assert_null(pii_open(&k, "13800138000"));
	assert_null(pii_open(&k, "pii1:"));
	assert_null(pii_open(&k, "pii1:00000000:"));
	assert_int_equal(pii_sealed(&k, "13800138000"), 0);
	free(flipped);
	free(a);
}

static void rotation(void **state)
{
	(void)state;
	struct pii_keys before, during;
	assert_int_equal(pii_keys_init(&before, KEY_A, NULL), 0);
	assert_int_equal(pii_keys_init(&during, KEY_B, KEY_A), 0);
	char *old = pii_seal(&before, "13800138000");
	assert_int_equal(pii_sealed(&during, old), 1); /* sealed, not under the current key */
	char *plain = pii_open(&during, old);
	assert_string_equal(plain, "13800138000");
	char *now = pii_seal(&during, plain);
	assert_int_equal(pii_sealed(&during, now), 2);
	free(plain);
	free(now);
	free(old);
}

static void blind_index(void **state)
{
	(void)state;
	struct pii_keys k, other;
	pii_keys_init(&k, KEY_A, NULL);
	pii_keys_init(&other, KEY_B, NULL);
	char a[PII_INDEX_LEN + 1], b[PII_INDEX_LEN + 1], c[PII_INDEX_LEN + 1], d[PII_INDEX_LEN + 1];
	pii_index(&k, "13800138000", a);
	pii_index(&k, "13800138000", b);
	pii_index(&k, "13800138001", c);
	pii_index(&other, "13800138000", d);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(a, d);
	assert_int_equal(strlen(a), PII_INDEX_LEN);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(round_trip),
	    cmocka_unit_test(refusals),
	    cmocka_unit_test(rotation),
	    cmocka_unit_test(blind_index),
	};
	return cmocka_run_group_tests_name("pii", tests, NULL, NULL);
}
