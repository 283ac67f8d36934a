/* formats.h: the shape of contact details: a mainland mobile number and an e-mail address. */
#ifndef QIAO_FORMATS_H
#define QIAO_FORMATS_H

/* 11 digits starting with 1. */
int mobile_valid(const char *s);
/* local@domain.tld, at most 120 bytes, no spaces or list separators. */
int email_valid(const char *s);

/* Replaces each byte that does not begin valid UTF-8 with '?', in place: a message can quote
 * outside input (a parser's "near '…'") or be cut inside a character, and JSON must stay
 * valid. */
void utf8_scrub(char *s);

#endif
