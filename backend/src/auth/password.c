/* password.c: password hashing, verification, policy and generation. */
#include "auth/password.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>

#define OPSLIMIT 2
#define MEMLIMIT (19u * 1024u * 1024u)

int password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
	_Static_assert(PASSWORD_HASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer too small");
	return crypto_pwhash_str_alg(out, password, strlen(password), OPSLIMIT, MEMLIMIT,
				     crypto_pwhash_ALG_ARGON2ID13) == 0
		   ? 0
		   : -1;
}

int password_verify(const char *hash, const char *password)
{
	if (!hash || strncmp(hash, "$argon2id$", 10) != 0)
		return 0;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void password_burn(const char *password)
{
	static char dummy[PASSWORD_HASH_MAX];
	if (!dummy[0] && password_hash("qiao-timing-equaliser", dummy) < 0)
		return;
	(void)password_verify(dummy, password);
}

/* Case-insensitive substring test for ASCII usernames. */
static int contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0)
		return 0;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

const char *password_policy_check(const char *username, const char *password)
{
	size_t len = strlen(password);
	if (len < 8)
		return "password must be at least 8 characters long";
	if (len > 128)
		return "password must be at most 128 characters long";
	int lower = 0, upper = 0, digit = 0, other = 0;
	for (const unsigned char *p = (const unsigned char *)password; *p; p++) {
		if (islower(*p))
			lower = 1;
		else if (isupper(*p))
			upper = 1;
		else if (isdigit(*p))
			digit = 1;
		else
			other = 1;
	}
	if (lower + upper + digit + other < 3)
		return "password must mix at least three of: lower-case letters, upper-case "
		       "letters, digits, symbols";
	if (username && contains_ci(password, username))
		return "password must not contain the username";
	return NULL;
}

void password_generate(char *out, size_t len)
{
	static const char *const classes[4] = {"abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ",
					       "23456789", "!#%+-=?@_"};
	static const char all[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%+-=?@_";
	if (len < 12)
		len = 12;
	for (size_t i = 0; i < len; i++) {
		/* The first four characters take one of each class, then shuffle below. */
		const char *set = i < 4 ? classes[i] : all;
		out[i] = set[randombytes_uniform((uint32_t)strlen(set))];
	}
	for (size_t i = len - 1; i > 0; i--) {
		size_t j = randombytes_uniform((uint32_t)(i + 1));
		char t = out[i];
		out[i] = out[j];
		out[j] = t;
	}
	out[len] = '\0';
}
