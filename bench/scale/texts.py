"""What people write in the dispatch register and on complaints: reasons, couriers, notes, answers."""

from __future__ import annotations

from icportal.dispatch.models import Reason

from .names import LETTERS

# -- the dispatch register ----------------------------------------------------------------------
MEMBER_REASONS = [  # (reason, text, weight)
    (Reason.CUSTOMS_PROBLEM, "", 45),
    (Reason.CUSTOMS_PROBLEM, "The appraiser asked for the signed copy at the examination shed", 15),
    (Reason.OTHER, "Bank needs a certified copy for the LC file", 15),
    (Reason.OTHER, "Our auditors asked for a certified copy for the DFIA file", 10),
    (Reason.BONDED, "", 8),
    (Reason.COURIER, "", 7),
]
SECOND_COPY_TEXTS = [
    "The original was damaged in transit; customs want a clean copy",
    "Customs kept the original with the Bill of Entry; we need one for our records",
]
DECLINE_REASONS = [
    "Customs accept the e-SANCHIT upload for this IC: the DRN/IRN are valid. Please file a DRN/IRN "
    "complaint if the appraiser still refuses it.",
    "For the bank and the auditors the signed PDF on the IC's page is the certified copy: please "
    "download it there.",
    "The request does not say what the copy is needed for; please ask again with the reason.",
]
COURIERS = [
    ("Blue Dart", lambda r: f"{r.randrange(10**10, 10**11)}"),
    ("DTDC", lambda r: f"D{r.randrange(10**7, 10**8)}"),
    ("Professional Couriers", lambda r: f"PC{r.randrange(10**9, 10**10)}"),
    ("India Post Speed Post", lambda r: f"E{LETTERS[r.randrange(26)]}{r.randrange(10**8, 10**9)}IN"),
    ("Delhivery", lambda r: f"{r.randrange(10**12, 10**13)}"),
]  # fmt: skip
RECEIVER_IDS = [
    lambda r: f"Aadhaar XXXX XXXX {r.randrange(1000, 9999)}",
    lambda r: f"Driving licence TN{r.randrange(1, 99):02d} {r.randrange(2005, 2024)}{r.randrange(10**6, 10**7)}",
    lambda r: f"Firm's authority letter and PAN card XXXXX{r.randrange(1000, 9999)}X",
]  # fmt: skip

# -- complaints ---------------------------------------------------------------------------------
DESIGNATIONS = ["Appraiser", "Superintendent", "Examining Officer", "Assistant Commissioner",
                "Preventive Officer"]  # fmt: skip
OFFICER_SAID = {
    "drn_typo": ["DRN does not match the IRN quoted.", "ICES says DRN mismatch."],
    "irn_typo": ["Document not found against this IRN.", "No e-SANCHIT document with this IRN."],
    "uploader": ["The system says the IRN does not match the uploader you gave."],
    "iec": ["The IEC in the Bill of Entry is not the beneficiary of the document."],
    "all_ok": ["ICES does not pick up the e-SANCHIT document.", ""],
    "lost": ["Document not found against this IRN.", "The document is not visible in ICES."],
    "down": ["ICES does not pick up the e-SANCHIT document.", "Try again tomorrow, system slow."],
}
QUESTIONS = [
    "Please upload a copy of the Bill of Entry showing the IRN and DRN as entered.",
    "Please send a photo of the appraiser's screen showing the error.",
    "Please confirm the uploader ICEGATE ID your CHA quoted in the Bill of Entry.",
    "Which group is the Bill of Entry with, and who is the appraiser? The ICEGATE helpdesk asks.",
]
REPLIES = [
    "Bill of Entry copy uploaded on the portal; the DRN was entered as printed in your mail.",
    "Photo of the screen sent to the office e-mail; it says 'document not found'.",
    "Our CHA confirms the uploader ID quoted; copy of the checklist attached to our e-mail.",
    "Group 5, the appraiser is on leave today; the supervising officer has the file.",
]
MEMBER_INFO = [
    "The consignment is at the CFS and demurrage starts tomorrow; please expedite.",
    "Customs have allowed provisional assessment meanwhile.",
]
INTERNAL_NOTES = [
    "Checked the upload log: e-SANCHIT accepted the document with the IRN/DRN we mailed.",
    "Called the CHA; they will send the Bill of Entry checklist.",
    "Spoke to the appraiser; waiting for the ICES team.",
]
UPDATES = [
    "We have written to the ICEGATE helpdesk; they are checking the document on their side.",
    "The IRN/DRN issued for this IC are valid on e-SANCHIT; please ask the appraiser to check "
    "again with the uploader ID we sent.",
]
RESOLUTIONS = {  # by (cause, scenario) where the scenario decides the words, else by cause
    ("wrong_number", "drn_typo"): [
        "The DRN quoted has a typing error: the DRN issued for IC {number} is {drn}. Amend the "
        "Bill of Entry with it and present it again.",
    ],
    ("wrong_number", "irn_typo"): [
        "The IRN quoted is not the one issued: quote IRN {irn} and DRN {drn}, as in our mail of "
        "issue.",
    ],
    ("wrong_number", "uploader"): [
        "The uploader ICEGATE ID of this office is {uploader}, not {quoted_uploader}; the Bill of "
        "Entry went through once the CHA quoted it.",
    ],
    ("boe_amendment", "uploader"): [
        "The Bill of Entry quotes uploader ICEGATE ID {quoted_uploader}; ICs of this office are "
        "uploaded by {uploader}. Get the Bill of Entry amended to quote it.",
    ],
    ("boe_amendment", "iec"): [
        "The Bill of Entry was filed under IEC {quoted_iec}; the IC's beneficiary is {iec}. The CHA "
        "has to amend the Bill of Entry.",
    ],
    "upload_missing": [
        "e-SANCHIT had no document under this IRN; we uploaded the IC again and ICEGATE confirmed "
        "IRN {irn}. Present the Bill of Entry again.",
    ],
    "icegate_fault": [
        "The ICEGATE helpdesk confirmed a fault on their side; the document is visible to ICES "
        "again. Present the Bill of Entry again.",
    ],
    "customs_fault": [
        "Everything quoted matches and ICEGATE accepts the document; the appraiser's ICES screen "
        "had not refreshed. Customs cleared the Bill of Entry after a re-check.",
        "ICES was not linking e-SANCHIT documents at {port} that day; cleared once the customs "
        "system was fixed.",
    ],
    "other": [
        "The consignment was cleared on the physical copy of the IC; nothing further is needed.",
        "The member withdrew the Bill of Entry and filed a new one; no action needed.",
    ],
}
