"""The pieces of bench/generate.py: context, firms, plan, certificates, queue, mails, writer."""
