/* formats.h: the shape of contact details: a mainland mobile number and an e-mail address. */
#ifndef QIAO_FORMATS_H
#define QIAO_FORMATS_H

/* 11 digits starting with 1. */
int mobile_valid(const char *s);
/* local@domain.tld, at most 120 bytes, no spaces or list separators. */
int email_valid(const char *s);

#endif
