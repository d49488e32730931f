"""Signals other apps listen to (apps above party follow what happens to a member)."""

from django.dispatch import Signal

# Sent inside ``services.confirm_transfer``'s transaction, after the receiving branch confirmed: ``old`` =
# the ended Membership, ``new`` = the one in the receiving branch, ``by`` = who confirmed. A receiver's
# writes commit or roll back with the transfer (发展党员: the applicant's file follows the person).
membership_transferred = Signal()
