/* health.h: GET /health, for load balancers and people. */
#ifndef QIAO_HEALTH_H
#define QIAO_HEALTH_H

#include "app.h"

/* Answers {"status","db","redis"}: 200 when both answer, 503 naming the failing part. */
int health_get(struct request *req);

#endif
