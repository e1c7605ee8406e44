// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hwpvm_ser_p: the lab's stand-in for an Intel host. Not part of hwpoison.
 *
 * On an Intel host KVM offers a guest MCG_SER_P (software error recovery),
 * so an Intel-vendor guest grades a forwarded memory error action-optional
 * or action-required and recovers. The lab's first level is an emulated
 * AMD CPU, where kvm_amd's svm_setup_mce() keeps only MCG_CAP bits 0-8 and
 * an Intel-vendor guest panics instead ("Uncorrected in kernel"). This
 * module puts back the one bit QEMU asked for and svm_setup_mce() cleared:
 * a return probe on that function, nothing else changed. Load it after
 * kvm_amd and before the guest's QEMU starts; only for Intel-vendor guests
 * (an AMD-vendor guest with MCG_SER_P gets endless action-required errors).
 */
#include <linux/kprobes.h>
#include <linux/kvm_host.h>
#include <linux/module.h>

#define SER_P (1ULL << 24)

struct setup_call {
	struct kvm_vcpu *vcpu;
	u64 asked;
};

static int on_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct setup_call *call = (struct setup_call *)ri->data;

	call->vcpu = (struct kvm_vcpu *)regs->di;
	call->asked = call->vcpu->arch.mcg_cap;
	return 0;
}

static int on_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct setup_call *call = (struct setup_call *)ri->data;

	if (call->asked & SER_P)
		call->vcpu->arch.mcg_cap |= SER_P;
	return 0;
}

static struct kretprobe probe = {
	.kp.symbol_name = "svm_setup_mce",
	.entry_handler = on_entry,
	.handler = on_return,
	.data_size = sizeof(struct setup_call),
	.maxactive = 8,
};

static int __init ser_p_init(void)
{
	int r = register_kretprobe(&probe);

	if (r)
		pr_err("hwpvm_ser_p: cannot probe svm_setup_mce (is kvm_amd loaded?): %d\n", r);
	else
		pr_info("hwpvm_ser_p: KVM guests keep MCG_SER_P (the lab's stand-in for an Intel host)\n");
	return r;
}

static void __exit ser_p_exit(void)
{
	unregister_kretprobe(&probe);
}

module_init(ser_p_init);
module_exit(ser_p_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hwpoison lab: keep MCG_SER_P for KVM guests on an AMD host (an Intel host's stand-in)");
