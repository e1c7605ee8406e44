// SPDX-License-Identifier: GPL-2.0-or-later
/* hwpoison stat: the machine-check side (mce-inject, the CPU vendor, the CEC, unpoison). */
#include <inttypes.h>
#include <stdio.h>

#include "stat.h"

static const char *vendor_words(const struct hwp_mce_info *m)
{
	if (!m->vendor_id[0])
		return NULL;
	return m->grades_action_optional ? "uncorrected memory errors can be action-optional"
					 : "uncorrected memory errors are never action-optional: "
					   "inject --method mce is refused";
}

/* mce-inject for scripts: "loaded", "installed" (hwpoison loads it) or "missing". */
static const char *inject_state(const struct hwp_mce_info *m)
{
	return m->inject_loaded ? "loaded" : m->inject_installed ? "installed" : "missing";
}

static const char *inject_words(const struct hwp_mce_info *m)
{
	return m->inject_loaded ? "loaded" : m->inject_installed ? "installed (hwpoison loads it)"
								 : "missing";
}

static void cec(struct out *o, const struct hwp_mce_info *m)
{
	const char *label = "corrected-error collector";
	if (!m->debugfs_known) {
		out_unknown(o, "cec", label, "unknown (debugfs not mounted)");
		return;
	}
	char line[160];
	if (!m->cec)
		snprintf(line, sizeof(line), "none (corrected errors are only logged)");
	else
		snprintf(line, sizeof(line), "threshold %" PRIu64 " errors per page, counts halved "
			 "every %" PRIu64 " s", m->cec_threshold, m->cec_decay_interval);
	out_object_line_begin(o, "cec", label, line);
	out_bool(o, "present", "present", m->cec);
	if (m->cec) {
		out_u64(o, "threshold", "threshold", m->cec_threshold);
		out_u64(o, "decay_interval", "decay interval", m->cec_decay_interval);
	}
	out_object_end(o);
}

void stat_machine_checks(struct cli *cli, struct out *o, bool admin, bool supported)
{
	struct hwp_mce_info m;
	hwp_mce_info(cli->ctx, &m);
	out_object_begin(o, "machine_check", "machine checks");
	out_bool(o, "architecture", "x86 machine-check architecture", m.machine_check);
	if (m.machine_check) {
		char vendor[128];
		const char *words = vendor_words(&m);
		snprintf(vendor, sizeof(vendor), "%s%s%s%s", m.vendor_id, words ? " (" : "",
			 words ? words : "", words ? ")" : "");
		out_str_words(o, "vendor", "CPU vendor", m.vendor_id, vendor);
		out_bool_json(o, "action_optional", m.grades_action_optional);
		out_str_words(o, "mce_inject", "mce-inject", inject_state(&m), inject_words(&m));
		cec(o, &m);
	}
	int disabled = admin ? hwp_unpoison_disabled(cli->ctx) : -1;
	if (!supported) {
		out_unknown(o, "unpoison_disabled", "unpoison",
			    "none (this kernel has no memory-failure support)");
	} else if (disabled < 0) {
		out_unknown(o, "unpoison_disabled", "unpoison", "unknown (needs root)");
	} else {
		out_bool_json(o, "unpoison_disabled", disabled);
		out_words(o, "unpoison", disabled ? "disabled until reboot (a machine check happened)"
						  : "enabled (no machine check known this boot)");
	}
	out_object_end(o);
}
