/* idcodes.c: ISO 7064 MOD 11-2 for ID cards, the GB 32100 weighted MOD 31 for credit codes. */
#include "core/idcodes.h"

#include <string.h>

char idcard_check_char(const char *first17)
{
	static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char checks[] = "10X98765432";
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (first17[i] < '0' || first17[i] > '9')
			return 0;
		sum += (first17[i] - '0') * weights[i];
	}
	return checks[sum % 11];
}

int idcard_valid(const char *s)
{
	if (!s || strlen(s) != 18)
		return 0;
	char c = idcard_check_char(s);
	return c && c == s[17];
}

static const char credit_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

char credit_code_check_char(const char *first17)
{
	static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		const char *p = first17[i] ? strchr(credit_alphabet, first17[i]) : NULL;
		if (!p)
			return 0;
		sum += (int)(p - credit_alphabet) * weights[i];
	}
	int check = 31 - sum % 31;
	return credit_alphabet[check == 31 ? 0 : check];
}

int credit_code_valid(const char *s)
{
	if (!s || strlen(s) != 18)
		return 0;
	char c = credit_code_check_char(s);
	return c && c == s[17];
}
