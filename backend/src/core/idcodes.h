/* idcodes.h: check characters of the national ID-card number (GB 11643) and the unified
 * social credit code (GB 32100). */
#ifndef QIAO_IDCODES_H
#define QIAO_IDCODES_H

/* The 18th character for the first 17 digits of an ID-card number, or 0 if they are not
 * 17 digits. */
char idcard_check_char(const char *first17);
/* 1 when s is 18 characters, 17 digits plus the right check character ('X' upper-case). */
int idcard_valid(const char *s);

/* The 18th character for the first 17 characters of a credit code, or 0 if they use
 * characters outside the code's alphabet. */
char credit_code_check_char(const char *first17);
/* 1 when s is a valid 18-character unified social credit code. */
int credit_code_valid(const char *s);

#endif
