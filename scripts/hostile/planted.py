"""Writes DICOM files with a fake patient's identifiers planted where one may not think to look.

Usage: /usr/bin/python3 planted.py CORPUS_TEST_FILES OUT_DIR [--large]

Every file is a real file of the pydicom corpus whose patient becomes "Zebulon^Quixote",
ID "ZQ-991177", born 19610419, with those values copied into one hostile place each. The
originals are only read. The manifest printed on stdout lists, per written file (path relative to
OUT_DIR), whether the basic profile removes every planted place ("written": the file must be
written and hold none of the values) or keeps one on purpose ("quarantined": the check must
refuse the file). The planted values are the same everywhere, so the caller can look for them
in every output byte, name, report and log.
"""

import json
import os
import sys

import pydicom
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.tag import Tag

NAME = "Zebulon^Quixote"
PATIENT_ID = "ZQ-991177"
BIRTH = "19610419"

SRC, OUT = sys.argv[1], sys.argv[2]
manifest = []


def base(name):
    ds = pydicom.dcmread(os.path.join(SRC, name))
    ds.PatientName = NAME
    ds.PatientID = PATIENT_ID
    ds.PatientBirthDate = BIRTH
    return ds


def save(ds, rel, expect, what, **kwargs):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ds.save_as(path, **kwargs)
    manifest.append({"file": rel, "expect": expect, "what": what})


def private_block(ds, group, creator, values):
    ds.add_new(Tag(group, 0x0010), "LO", creator)
    for offset, (vr, value) in enumerate(values):
        ds.add_new(Tag(group, 0x1000 + offset), vr, value)


def item(**attrs):
    it = Dataset()
    for key, value in attrs.items():
        setattr(it, key, value)
    return it


# --- private tags -----------------------------------------------------------------------------
ds = base("CT_small.dcm")
private_block(ds, 0x0029, "ACME 1.0", [("LO", NAME), ("SH", PATIENT_ID), ("DA", BIRTH),
                                      ("UT", f"patient {NAME} id {PATIENT_ID}")])
ds.add_new(Tag(0x0031, 0x1001), "LO", NAME)  # no private creator
save(ds, "dir01/private_explicit.dcm", "written", "private tags, explicit VR")

ds = base("MR_small_implicit.dcm")
private_block(ds, 0x0029, "ACME 1.0", [("LO", NAME), ("SH", PATIENT_ID)])
ds.add_new(Tag(0x0033, 0x1001), "LO", f"{NAME}\\{PATIENT_ID}")  # no private creator
save(ds, "dir01/private_implicit.dcm", "written", "private tags, implicit VR")

# --- nested sequences, 4 deep, in a removed sequence and in private ones -------------------------
ds = base("CT_small.dcm")
deep = item(PatientName=NAME, PatientID=PATIENT_ID)
for _ in range(3):
    deep = item(ReferencedSOPClassUID="1.2.840.10008.5.1.4.1.1.2",
                ReferencedSOPInstanceUID="1.2.3.4.5", ReferencedImageSequence=Sequence([deep]))
ds.ReferencedImageSequence = Sequence([deep])
ds.add_new(Tag(0x0029, 0x0010), "LO", "ACME 1.0")
ds.add_new(Tag(0x0029, 0x1000), "SQ", Sequence([item(ReferencedImageSequence=Sequence(
    [item(PatientName=NAME, OtherPatientIDs=PATIENT_ID)]))]))
save(ds, "dir02/nested.dcm", "written", "identifiers 4 deep in Referenced Image Sequence")

# --- request attributes, referenced sequences, other patient IDs, issuer ---------------------
ds = base("CT_small.dcm")
ds.RequestAttributesSequence = Sequence([item(
    AccessionNumber=PATIENT_ID, RequestedProcedureID=PATIENT_ID,
    ScheduledProcedureStepDescription=f"for {NAME}",
    IssuerOfAccessionNumberSequence=Sequence([item(LocalNamespaceEntityID=NAME)]))])
ds.ReferencedStudySequence = Sequence([item(
    ReferencedSOPClassUID="1.2.840.10008.3.1.2.3.1", ReferencedSOPInstanceUID="1.2.3.4.6",
    PatientName=NAME)])
ds.ReferencedPatientSequence = Sequence([item(
    ReferencedSOPClassUID="1.2.840.10008.3.1.2.1.1", ReferencedSOPInstanceUID="1.2.3.4.7")])
ds.OtherPatientIDsSequence = Sequence([item(PatientID=PATIENT_ID, IssuerOfPatientID=NAME,
                                            TypeOfPatientID="TEXT")])
ds.IssuerOfPatientID = f"Hospital of {NAME}"
ds.OtherPatientIDs = PATIENT_ID
ds.OtherPatientNames = f"Someone^Else\\{NAME}"
ds.AccessionNumber = PATIENT_ID
ds.RequestingPhysician = NAME
save(ds, "dir03/requests.dcm", "written", "request and referenced sequences, other IDs, issuer")

# --- free text the basic profile removes ------------------------------------------------------
ds = base("CT_small.dcm")
ds.ProtocolName = f"{NAME} brain"
ds.SeriesDescription = f"series of quixote zebulon {PATIENT_ID}"
ds.ImageComments = f"Quixote Zebulon born {BIRTH}"
ds.AdditionalPatientHistory = f"zebulon quixote, {PATIENT_ID}"
ds.StudyDescription = f"QUIXOTE, ZEBULON"
ds.PatientComments = f"{NAME}"
save(ds, "dir04/freetext.dcm", "written", "free text, reversed and lower-case names")

# --- SR content sequence ----------------------------------------------------------------------
ds = base("test-SR.dcm")
ds.ContentSequence.append(item(RelationshipType="CONTAINS", ValueType="TEXT",
                               ConceptNameCodeSequence=Sequence([item(
                                   CodeValue="121106", CodingSchemeDesignator="DCM",
                                   CodeMeaning="Comment")]),
                               TextValue=f"Patient {NAME}, MRN {PATIENT_ID}, DOB {BIRTH}"))
ds.ContentSequence.append(item(RelationshipType="HAS OBS CONTEXT", ValueType="PNAME",
                               ConceptNameCodeSequence=Sequence([item(
                                   CodeValue="121008", CodingSchemeDesignator="DCM",
                                   CodeMeaning="Person Observer Name")]),
                               PersonName=NAME))
save(ds, "dir05/sr.dcm", "written", "SR Content Sequence")

# --- UN VR holding text (explicit VR) -----------------------------------------------------------
ds = base("CT_small.dcm")
ds.add_new(Tag(0x0010, 0x1001), "UN", NAME.encode())  # Other Patient Names as UN
ds.add_new(Tag(0x0029, 0x0010), "LO", "ACME 1.0")
ds.add_new(Tag(0x0029, 0x1001), "UN", f"{NAME} {PATIENT_ID} ".encode())
save(ds, "dir06/un_vr.dcm", "written", "UN VR holding text")

# --- preamble and file meta ---------------------------------------------------------------------
ds = base("CT_small.dcm")
ds.preamble = (f"{NAME} {PATIENT_ID} {BIRTH}".encode()).ljust(128, b"\0")
ds.file_meta.SourceApplicationEntityTitle = "ZQ-991177"
ds.file_meta.PrivateInformationCreatorUID = "1.2.3.4"
ds.file_meta.PrivateInformation = f"{NAME} {PATIENT_ID}".encode()
ds.file_meta.SendingApplicationEntityTitle = "ZEBULON"
save(ds, "dir07/meta.dcm", "written", "preamble and file meta information")

# --- folder and file names ----------------------------------------------------------------------
ds = base("MR_small_implicit.dcm")
save(ds, f"{NAME}/{PATIENT_ID}_{BIRTH}/Quixote Zebulon.dcm", "written", "folder and file names")

# --- icon image, overlays, curves ---------------------------------------------------------------
ds = base("CT_small.dcm")
icon = item(SamplesPerPixel=1, PhotometricInterpretation="MONOCHROME2", Rows=4, Columns=8,
            BitsAllocated=8, BitsStored=8, HighBit=7, PixelRepresentation=0)
icon.PixelData = f"{NAME}{PATIENT_ID}{BIRTH}".encode()[:32].ljust(32, b"\0")
icon["PixelData"].VR = "OB"
ds.IconImageSequence = Sequence([icon])
ds.add_new(Tag(0x6000, 0x0010), "US", 8)
ds.add_new(Tag(0x6000, 0x0011), "US", 16)
ds.add_new(Tag(0x6000, 0x0040), "CS", "G")
ds.add_new(Tag(0x6000, 0x0050), "SS", [1, 1])
ds.add_new(Tag(0x6000, 0x0100), "US", 1)
ds.add_new(Tag(0x6000, 0x0102), "US", 0)
ds.add_new(Tag(0x6000, 0x0022), "LO", f"overlay of {NAME}")
ds.add_new(Tag(0x6000, 0x1500), "LO", PATIENT_ID)
ds.add_new(Tag(0x6000, 0x3000), "OW", f"{NAME}{PATIENT_ID}".encode().ljust(16, b"\0")[:16])
ds.add_new(Tag(0x6000, 0x4000), "LT", f"{NAME}")
ds.add_new(Tag(0x5000, 0x0005), "US", 2)
ds.add_new(Tag(0x5000, 0x2500), "LO", f"curve {NAME}")
ds.add_new(Tag(0x5000, 0x3000), "OW", f"{PATIENT_ID} ".encode())
save(ds, "dir08/icon_overlay_curve.dcm", "written", "icon image, overlay, curve")


# --- JPEG COM and APPn segments inside encapsulated pixel data ----------------------------------
def with_jpeg_segments(frame):
    assert frame[:2] == b"\xff\xd8"
    com = f"{NAME} {PATIENT_ID} {BIRTH}".encode()
    app = b"ZQNOTE\0" + com
    segments = (b"\xff\xfe" + (len(com) + 2).to_bytes(2, "big") + com
                + b"\xff\xec" + (len(app) + 2).to_bytes(2, "big") + app)
    out = frame[:2] + segments + frame[2:]
    return out + (b"\0" if len(out) % 2 else b"")


ds = base("SC_rgb_jpeg_dcmtk.dcm")
frames = pydicom.encaps.generate_pixel_data_frame(ds.PixelData)
ds.PixelData = pydicom.encaps.encapsulate([with_jpeg_segments(f) for f in frames])
save(ds, "dir09/jpeg_com.dcm", "written", "JPEG comment (COM) and APP12 segments in the pixel data")

def with_j2k_comment(frame):
    assert frame[:4] == b"\xff\x4f\xff\x51"
    siz_end = 4 + int.from_bytes(frame[4:6], "big")
    text = f"{NAME} {PATIENT_ID}".encode()
    com = b"\xff\x64" + (len(text) + 4).to_bytes(2, "big") + b"\x00\x01" + text
    out = frame[:siz_end] + com + frame[siz_end:]
    return out + (b"\0" if len(out) % 2 else b"")


ds = base("MR_small_jp2klossless.dcm")
frames = pydicom.encaps.generate_pixel_data_frame(ds.PixelData)
ds.PixelData = pydicom.encaps.encapsulate([with_j2k_comment(f) for f in frames])
save(ds, "dir09/j2k_com.dcm", "written", "JPEG 2000 comment in the pixel data")

# --- data set trailing padding and a private sequence written as UN ------------------------------
ds = base("CT_small.dcm")
ds.add_new(Tag(0x0029, 0x0010), "LO", "ACME 1.0")
inner = item(PatientName=NAME, PatientID=PATIENT_ID)
ds.add_new(Tag(0x0029, 0x1002), "SQ", Sequence([item(ReferencedImageSequence=Sequence([inner]))]))
buffer = pydicom.filebase.DicomBytesIO()
buffer.is_little_endian, buffer.is_implicit_VR = True, True
pydicom.filewriter.write_sequence(buffer, ds[0x00291002], ["iso8859"])
ds[0x00291002] = pydicom.dataelem.DataElement(0x00291002, "UN", buffer.getvalue())
ds.add_new(Tag(0xFFFC, 0xFFFC), "OB", f"{NAME} {PATIENT_ID}".encode().ljust(32, b" "))
save(ds, "dir13/padding_un_sequence.dcm", "written", "trailing padding, private SQ as UN")

# --- deflated transfer syntax -------------------------------------------------------------------
ds = base("image_dfl.dcm")
private_block(ds, 0x0029, "ACME 1.0", [("LO", NAME), ("SH", PATIENT_ID)])
ds.ImageComments = f"{NAME}"
save(ds, "dir10/deflated.dcm", "written", "Deflated Explicit VR Little Endian")

# --- other character sets -----------------------------------------------------------------------
for label, charset, name in [
    ("latin1", "ISO_IR 100", "Zébulon^Quixoté"),
    ("utf8", "ISO_IR 192", "Zébulon^Quixoté=ゼブロン^キホーテ"),
    ("jis", ["", "ISO 2022 IR 87"], "Zebulon^Quixote=山田^太郎"),
]:
    ds = base("CT_small.dcm")
    ds.SpecificCharacterSet = charset
    ds.PatientName = name
    ds.ImageComments = name.split("=")[-1]
    ds.OtherPatientNames = name
    ds.add_new(Tag(0x0029, 0x0010), "LO", "ACME 1.0")
    ds.add_new(Tag(0x0029, 0x1000), "PN", name)
    save(ds, f"dir11/charset_{label}.dcm", "written", f"names in {charset}")

# --- planted in an attribute the basic profile keeps: must be quarantined ------------------------
ds = base("CT_small.dcm")
ds.BodyPartExamined = "ZQ-991177"
save(ds, "dir12/kept_attribute.dcm", "quarantined", "patient ID in a kept attribute")

ds = base("CT_small.dcm")
ds.add_new(Tag(0x0018, 0x0015), "CS", "HEAD\0ZEBULON QUIXOTE")
save(ds, "dir12/kept_after_nul.dcm", "quarantined", "name after a NUL in a kept attribute")

# --- with --large: the JPEG comments in a file over 64 MiB, which is copied around its image ----
if "--large" in sys.argv[3:]:
    ds = base("SC_rgb_jpeg_dcmtk.dcm")
    frame = with_jpeg_segments(next(pydicom.encaps.generate_pixel_data_frame(ds.PixelData)))
    count = (70 << 20) // len(frame) + 1
    ds.NumberOfFrames = count
    ds.PixelData = pydicom.encaps.encapsulate([frame] * count)
    save(ds, "large/jpeg_com_70mb.dcm", "written", "JPEG comments in a file over 64 MiB")

json.dump(manifest, sys.stdout)
