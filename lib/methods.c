// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one table of methods. Each method is a descriptor in a file of its
 * own (lib/method_*.c); adding one is that file and a line here.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

static const struct hwp_method_info *const methods[HWP_METHOD_COUNT] = {
	[HWP_METHOD_DEBUGFS] = &hwp_method_debugfs,
	[HWP_METHOD_HARD_OFFLINE] = &hwp_method_hard_offline,
	[HWP_METHOD_MCE] = &hwp_method_mce,
	[HWP_METHOD_MCE_CE] = &hwp_method_mce_ce,
	[HWP_METHOD_SOFT_OFFLINE] = &hwp_method_soft_offline,
	[HWP_METHOD_UNPOISON] = &hwp_method_unpoison,
};

const struct hwp_method_info *hwp_method_info(enum hwp_method m)
{
	return (size_t)m < HWP_METHOD_COUNT ? methods[m] : NULL;
}

const struct hwp_method_info *hwp_method_default(enum hwp_op op)
{
	for (size_t i = 0; i < HWP_METHOD_COUNT; i++)
		if (methods[i]->op == op && methods[i]->is_default)
			return methods[i];
	return NULL;
}

const struct hwp_method_info *hwp_method_of(enum hwp_op op, enum hwp_method m)
{
	const struct hwp_method_info *info = hwp_method_info(m);
	return info && info->op == op ? info : hwp_method_default(op);
}

const char *hwp_method_string(enum hwp_method method)
{
	const struct hwp_method_info *info = hwp_method_info(method);
	return info ? info->name : "unknown";
}

int hwp_method_parse(enum hwp_op op, const char *name, enum hwp_method *ret)
{
	for (size_t i = 0; i < HWP_METHOD_COUNT; i++)
		if (methods[i]->op == op && strcmp(methods[i]->name, name) == 0) {
			*ret = methods[i]->method;
			return 0;
		}
	return -EINVAL;
}
