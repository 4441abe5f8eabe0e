"""Static catalogue of the demo automaker's products: part families, BOM modules, lines and
alternatives. Companies, materials and who buys what from whom are in demo_catalog.py.

Magnet masses follow resources/refdata/part_content.csv (cited above FAMILIES); prices are
indicative EUR per unit, and gallium, germanium and graphite contents are illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rePlanner.domain.enums import Powertrain, SourceKind, SourceStatus
from rePlanner.services.demo_catalog import EXPOSED, GA, GA_ANODE, GE, GR, Item, Sources

WORKING_DAYS = 5  # the demo's lines run five days a week; rates are per working day


@dataclass(frozen=True)
class Family:
    """A kind of part; P-scope families get one part number per program."""

    key: str
    desc: str
    category: str
    group: int  # function group, part of the part number
    makers: Sources = ()  # () = assembled in-house, no supply node of its own
    scope: str = "C"
    uom: str = "pc"
    magnet: tuple[str, float] | None = None  # (grade, kg NdFeB per unit)
    materials: tuple[tuple[Item, float], ...] = ()  # direct content, kg per unit
    chips: tuple[tuple[str, float], ...] = ()  # (chip family, pieces per unit)
    price: float = 0.0  # EUR per unit, indicative
    number: str | None = None  # fixed part number (odd formats the sample workbooks show)
    jis: bool = False  # delivered just in sequence: the plant holds hours, not days


def _f(
    key: str, desc: str, category: str, group: int, makers: Sources = (), **kw: object
) -> Family:
    return Family(key, desc, category, group, makers, **kw)  # type: ignore[arg-type]


# Magnet masses: traction motors 1-2 kg (thevoltbridge; 1.2 kg per 100 kW, mainrich), EV/hybrid
# motors 1.3-2 kg (Neo Narva); EPS up to 0.2 kg (pmarketresearch); small comfort motors a few to
# tens of grams (~0.1 kg NdFeB across all small parts of a conventional car, beikemagnets).
FAMILIES = (
    # body, glazing, harness
    _f("body_in_white", "Body-in-white", "body", 100, scope="P"),
    # outer panels come from our own press shop; hot-formed parts from a press shop near the plant
    _f("roof_panel", "Roof panel, outer (own press shop)", "body", 110, scope="P"),
    _f("side_panel_lh", "Body side panel LH (own press shop)", "body", 111, scope="P"),
    _f("side_panel_rh", "Body side panel RH (own press shop)", "body", 112, scope="P"),
    _f("b_pillar", "B-pillar reinforcement, hot-formed", "body", 113, (("stamping", 1.0),), scope="P", price=24),
    _f("clip_trim", "Clip, trim panel", "fastener", 190, (("plastics", 1.0),), price=0.04, number="1E5"),
    _f("adhesive", "Structural adhesive 1K epoxy", "consumable", 191, (("plastics", 1.0),), uom="kg", price=14, number="0009891205"),
    _f("windscreen", "Windscreen, acoustic laminated", "glazing", 150, (("glass", 1.0),), scope="P", price=185),
    _f("main_harness", "Wiring harness, main", "electrical", 540, (("harness", 1.0),), scope="P", price=610),
    _f("conn_16pin", "Connector housing 16-pin, sealed", "electrical", 541, (("harness", 1.0),), price=0.85, number="4065710082351927"),
    # chassis, brakes, steering
    _f("front_axle", "Front axle module", "chassis", 200, (("chassis", 1.0),), scope="P", price=820, jis=True),
    _f("rear_axle", "Rear axle module", "chassis", 201, (("chassis", 1.0),), scope="P", price=760, jis=True),
    _f("wheel", "Wheel, alloy 18x7.5J", "chassis", 202, (("chassis", 1.0),), price=95),
    _f("brake_system", "Brake system", "chassis", 210, scope="P"),
    _f("esc_unit", "ESC hydraulic unit with pump motor", "brakes", 211, (("brakes", 1.0),), magnet=("42SH", 0.045), price=165),
    _f("e_booster", "Electromechanical brake booster", "brakes", 212, (("brakes", 1.0),), magnet=("42SH", 0.09), price=240),
    _f("caliper", "Brake caliper", "brakes", 213, (("brakes", 1.0),), price=48),
    _f("wheel_speed_sensor", "Wheel speed sensor, active", "sensor", 214, (("sens_ee", 0.5), ("sens_cn", 0.5)), magnet=("40H", 0.002), price=7.5),
    _f("eps_rack", "Electric power steering rack", "steering", 460, (("eps_de", 1.0),), scope="P", price=420),
    _f("eps_motor", "EPS motor, brushless", "motor", 461, (("eps_de", 1.0),), magnet=("42SH", 0.16), price=95),
    _f("torque_sensor", "Steering torque sensor", "sensor", 462, (("sens_jp", 1.0),), magnet=("N40", 0.004), price=18),
    # seats and doors
    _f("front_seat_lh", "Front seat assembly, driver", "seats", 880, (("seats_de", 1.0),), scope="P", price=780, jis=True),
    _f("front_seat_rh", "Front seat assembly, passenger", "seats", 881, (("seats_de", 1.0),), scope="P", price=740, jis=True),
    _f("rear_seat", "Rear seat bench", "seats", 882, (("seats_de", 1.0),), scope="P", price=390, jis=True),
    _f("seat_motor_slide", "Seat motor, fore/aft", "motor", 883, (("micro_jp", 0.6), ("micro_cn", 0.4)), magnet=("N40", 0.03), price=14),
    _f("seat_motor_height", "Seat motor, height", "motor", 884, (("micro_jp", 0.6), ("micro_cn", 0.4)), magnet=("N40", 0.03), price=14),
    _f("seat_motor_recline", "Seat motor, recline", "motor", 885, (("micro_jp", 1.0),), magnet=("N40", 0.035), price=16),
    _f("seat_motor_lumbar", "Seat motor, lumbar pump", "motor", 886, (("micro_pl", 1.0),), magnet=("N40", 0.012), price=11),
    _f("seat_fan", "Seat ventilation fan", "motor", 887, (("micro_pl", 1.0),), magnet=("N40", 0.008), price=9),
    _f("door_front_lh", "Front door module LH", "doors", 720, (("doors", 1.0),), scope="P", price=165, jis=True),
    _f("door_front_rh", "Front door module RH", "doors", 721, (("doors", 1.0),), scope="P", price=165, jis=True),
    _f("door_rear_lh", "Rear door module LH", "doors", 722, (("doors", 1.0),), scope="P", price=120, jis=True),
    _f("door_rear_rh", "Rear door module RH", "doors", 723, (("doors", 1.0),), scope="P", price=120, jis=True),
    _f("regulator_front", "Window regulator, front", "doors", 724, (("doors", 1.0),), price=38),
    _f("regulator_rear", "Window regulator, rear", "doors", 725, (("doors", 1.0),), price=34),
    _f("window_motor", "Window lifter motor", "motor", 726, (("micro_jp", 0.5), ("micro_pl", 0.5)), magnet=("N40", 0.03), price=13),
    _f("mirror", "Exterior mirror, power fold", "doors", 727, (("doors", 1.0),), price=88),
    _f("mirror_motor", "Mirror adjust motor", "motor", 728, (("micro_cn", 1.0),), magnet=("N40", 0.005), price=4.2),
    _f("door_latch", "Door latch with actuator", "doors", 729, (("doors", 1.0),), price=21),
    # audio, thermal, HVAC, wipers
    _f("audio_system", "Audio system", "audio", 820, scope="P"),
    _f("amplifier", "Audio amplifier 12-channel", "audio", 821, (("audio_de", 1.0),), price=120),
    _f("tweeter", "Speaker, tweeter 25 mm", "speaker", 822, (("audio_cn", 0.6), ("audio_vn", 0.4)), magnet=("N42", 0.008), price=4.5),
    _f("midrange", "Speaker, midrange 100 mm", "speaker", 823, (("audio_cn", 0.6), ("audio_vn", 0.4)), magnet=("N42", 0.02), price=8.0),
    _f("woofer", "Speaker, woofer 165 mm", "speaker", 824, (("audio_de", 1.0),), magnet=("N42", 0.035), price=14),
    _f("subwoofer", "Subwoofer 200 mm", "speaker", 825, (("audio_de", 1.0),), magnet=("N42", 0.06), price=38),
    _f("thermal_module", "Thermal management module", "thermal", 830, scope="P"),
    _f("e_compressor", "Electric A/C compressor 400 V", "thermal", 831, (("thermal", 1.0),), magnet=("42SH", 0.25), price=520),
    _f("water_pump", "Electric coolant pump", "motor", 832, (("thermal", 1.0),), magnet=("42SH", 0.03), price=42),
    _f("radiator_fan", "Radiator fan, brushless", "motor", 833, (("thermal", 1.0),), magnet=("42SH", 0.06), price=70),
    _f("coolant_valve", "Coolant valve actuator", "motor", 834, (("micro_pl", 1.0),), magnet=("40H", 0.004), price=9),
    _f("coolant", "Coolant G13", "consumable", 835, (("thermal", 1.0),), uom="l", price=3.1, number="0008392100"),
    _f("hvac_unit", "HVAC unit", "thermal", 836, (("thermal", 1.0),), scope="P", price=310),
    _f("blower_motor", "HVAC blower motor", "motor", 837, (("micro_jp", 1.0),), magnet=("N40", 0.02), price=24),
    _f("flap_actuator", "HVAC flap actuator", "motor", 838, (("micro_cn", 1.0),), magnet=("N40", 0.002), price=3.8),
    _f("wiper_system", "Windscreen wiper system", "wipers", 850, (("micro_us", 1.0),), scope="P", price=96),
    _f("wiper_motor", "Wiper motor", "motor", 851, (("micro_us", 1.0),), magnet=("40H", 0.05), price=32),
    # lighting, ADAS, interior electronics
    _f("headlamp_lh", "LED headlamp LH", "lighting", 600, (("lighting", 1.0),), scope="P", materials=((GA, 0.0003),), price=290),
    _f("headlamp_rh", "LED headlamp RH", "lighting", 601, (("lighting", 1.0),), scope="P", materials=((GA, 0.0003),), price=290),
    _f("tail_lamp", "LED tail lamp", "lighting", 602, (("lighting", 1.0),), scope="P", materials=((GA, 0.0001),), price=85),
    _f("adas_set", "ADAS sensor set", "ADAS", 900, scope="P"),
    _f("front_radar", "Front radar 77 GHz", "ADAS", 901, (("radar_us", 1.0),), chips=(("rf_mmic", 2),), price=110),
    _f("corner_radar", "Corner radar 77 GHz", "ADAS", 902, (("radar_us", 1.0),), chips=(("rf_mmic", 1),), price=62),
    _f("front_camera", "Front camera, 8 MP", "ADAS", 903, (("camera_my", 1.0),), materials=((GA, 0.00002),), price=95),
    _f("thermal_camera", "Night-vision thermal camera", "ADAS", 904, (("camera_my", 1.0),), materials=((GE, 0.015),), price=640),
    _f("ultrasonic", "Ultrasonic park sensor", "sensor", 905, (("sens_cn", 1.0),), price=6.5),
    _f("instrument_panel", "Cockpit module, instrument panel", "interior", 950, (("plastics", 1.0),), scope="P", price=230, jis=True),
    _f("cluster_display", "Instrument cluster display 12.3 in", "electronics", 951, (("ecu_vn", 1.0),), materials=((GA, 0.00005),), price=180),
    _f("central_display", "Central display 14.5 in", "electronics", 952, (("ecu_vn", 1.0),), materials=((GA, 0.00006),), price=260),
    _f("bumper_front", "Bumper fascia, front", "exterior", 160, (("plastics", 1.0),), scope="P", price=120),
    _f("bumper_rear", "Bumper fascia, rear", "exterior", 161, (("plastics", 1.0),), scope="P", price=105),
    _f("body_ecu", "Body control module", "electronics", 542, (("ecu_vn", 1.0),), price=75),
    # electric drive, battery, power electronics
    _f("edu_front", "Electric drive unit, front", "e-drive", 330, scope="P"),
    _f("edu_rear", "Electric drive unit, rear", "e-drive", 331, scope="P"),
    _f("tm_norvik_front", "Traction motor TM-150, PMSM", "traction motor", 332, (("edrive_de", 1.0),), magnet=("48UH", 1.3), price=690),
    _f("tm_norvik_rear", "Traction motor TM-210, PMSM", "traction motor", 333, (("edrive_de", 1.0),), magnet=("48UH", 1.8), price=860),
    _f("tm_brazos", "Traction motor DS-230, PMSM", "traction motor", 334, (("edrive_kr", 1.0),), magnet=("45SH-GBD", 2.0), price=910),
    _f("tm_odra_e", "Traction motor HC-110, PMSM", "traction motor", 335, (("edrive_cn", 1.0),), magnet=("45SH-GBD", 1.2), price=520),
    _f("inverter", "Traction inverter, SiC", "power electronics", 336, (("power_el", 1.0),), price=480),
    _f("reducer", "Reduction gearbox", "e-drive", 337, (("gears", 1.0),), scope="P", price=310),
    _f("oil_pump", "E-drive oil pump", "motor", 338, (("thermal", 1.0),), magnet=("42SH", 0.02), price=38),
    _f("hv_battery", "HV battery pack", "battery", 350, scope="P"),
    _f("cell_module", "Cell module", "battery", 351, scope="P"),
    _f("cell_norvik", "Prismatic cell 0.95 kWh", "battery cell", 352, (("cells_kr", 1.0),), materials=((GA_ANODE, 0.62), (GR, 0.33)), price=88),
    _f("cell_brazos", "Prismatic cell 1.10 kWh", "battery cell", 353, (("cells_kr", 1.0),), materials=((GA_ANODE, 0.72), (GR, 0.38)), price=98),
    _f("cell_odra_e", "LFP prismatic cell 0.60 kWh", "battery cell", 354, (("cells_cn", 1.0),), materials=((GA_ANODE, 0.45), (GR, 0.20)), price=41),
    _f("cell_phev", "Pouch cell 0.30 kWh", "battery cell", 355, (("cells_kr", 1.0),), materials=((GA_ANODE, 0.21), (GR, 0.10)), price=31),
    _f("cell_hev", "Hybrid cell 0.025 kWh", "battery cell", 356, (("cells_cn", 1.0),), materials=((GA_ANODE, 0.025),), price=5.5),
    _f("bms", "Battery management controller", "power electronics", 357, (("power_el", 1.0),), price=140),
    _f("pack_housing", "Battery housing, cast aluminium", "castings", 358, (("castings", 1.0),), scope="P", price=260),
    _f("power_electronics", "Charging and DC/DC module", "power electronics", 360, scope="P"),
    _f("obc", "On-board charger 11 kW, GaN", "power electronics", 361, (("power_el", 1.0),), chips=(("gan_fet", 12),), price=390),
    _f("dcdc", "DC/DC converter 3.5 kW, GaN", "power electronics", 362, (("power_el", 1.0),), chips=(("gan_fet", 4),), price=160),
    _f("gan_fet", "GaN power transistor 650 V", "semiconductor", 363, (("chip_de", 1.0),), materials=((GA, 0.00001),), price=4.8),
    _f("rf_mmic", "77 GHz radar MMIC, SiGe/GaAs", "semiconductor", 906, (("chip_tw", 1.0),), materials=((GA, 0.00004), (GE, 0.00002)), price=9.5),
    # hybrids and combustion engines
    _f("phev_dht", "Dedicated hybrid transmission", "e-drive", 340, (("edrive_kr", 1.0),), scope="P", price=1650),
    _f("tm_vela", "Hybrid traction motor DS-80", "traction motor", 341, (("edrive_kr", 1.0),), magnet=("45SH-GBD", 1.4), price=560),
    _f("hybrid_transaxle", "Hybrid transaxle", "e-drive", 342, (("hybrid_jp", 1.0),), scope="P", price=1480),
    _f("mg1", "Motor-generator MG1", "traction motor", 343, (("hybrid_jp", 1.0),), magnet=("45SH-GBD", 1.0), price=310),
    _f("mg2", "Motor-generator MG2", "traction motor", 344, (("hybrid_jp", 1.0),), magnet=("45SH-GBD", 1.3), price=470),
    _f("engine", "Engine assembly", "engine", 300, scope="P"),
    _f("cylinder_block", "Cylinder block, machined", "castings", 301, (("castings", 1.0),), scope="P", price=340),
    _f("starter", "Starter motor", "engine electrics", 302, (("engine_el", 1.0),), price=85),
    _f("alternator", "Alternator 180 A", "engine electrics", 303, (("engine_el", 1.0),), price=120),
    _f("fuel_pump", "Fuel pump module, brushless", "motor", 304, (("engine_el", 1.0),), magnet=("40H", 0.012), price=64),
    _f("throttle_body", "Electronic throttle body", "motor", 305, (("engine_el", 1.0),), magnet=("40H", 0.006), price=58),
    _f("turbo_actuator", "Turbocharger wastegate actuator", "motor", 306, (("engine_el", 1.0),), magnet=("40H", 0.01), price=72),
    _f("injector", "Fuel injector", "engine electrics", 307, (("engine_el", 1.0),), price=26),
    _f("ignition_coil", "Ignition coil", "engine electrics", 308, (("engine_el", 1.0),), price=19),
    _f("cam_sensor", "Camshaft position sensor", "sensor", 309, (("sens_jp", 0.5), ("sens_ee", 0.5)), magnet=("40H", 0.002), price=8.5),
    _f("transmission", "Automatic transmission 8-speed", "transmission", 320, (("gears", 1.0),), scope="P", price=1250),
    _f("shift_actuator", "Transmission shift actuator", "motor", 321, (("micro_jp", 1.0),), magnet=("40H", 0.015), price=34),
)  # fmt: skip
FAMILY = {f.key: f for f in FAMILIES}

Tree = tuple[tuple[str, float, "Tree"], ...]  # (family key, quantity per parent, children)


def _t(*nodes: tuple[Any, ...]) -> Tree:
    return tuple((n[0], n[1], n[2] if len(n) > 2 else ()) for n in nodes)


SEATS_FULL = _t(
    ("seat_motor_slide", 1),
    ("seat_motor_height", 1),
    ("seat_motor_recline", 1),
    ("seat_motor_lumbar", 1),
    ("seat_fan", 2),
)
SEATS_BASE = _t(("seat_motor_slide", 1), ("seat_motor_height", 1))
DOOR_FRONT = _t(
    ("regulator_front", 1, _t(("window_motor", 1))),
    ("mirror", 1, _t(("mirror_motor", 2))),
    ("door_latch", 1),
    ("clip_trim", 12),
)
DOOR_REAR = _t(("regulator_rear", 1, _t(("window_motor", 1))), ("door_latch", 1), ("clip_trim", 8))
MODULES: dict[str, Tree] = {
    "body": _t(("body_in_white", 1, _t(("roof_panel", 1), ("side_panel_lh", 1), ("side_panel_rh", 1), ("b_pillar", 2), ("clip_trim", 24), ("adhesive", 1.5))), ("windscreen", 1), ("main_harness", 1, _t(("conn_16pin", 6)))),
    "chassis": _t(("front_axle", 1), ("rear_axle", 1), ("wheel", 4)),
    "brakes": _t(("brake_system", 1, _t(("esc_unit", 1), ("wheel_speed_sensor", 4), ("caliper", 4)))),
    "brakes_e": _t(("brake_system", 1, _t(("esc_unit", 1), ("e_booster", 1), ("wheel_speed_sensor", 4), ("caliper", 4)))),
    "steering": _t(("eps_rack", 1, _t(("eps_motor", 1), ("torque_sensor", 1)))),
    "seats_full": _t(("front_seat_lh", 1, SEATS_FULL), ("front_seat_rh", 1, SEATS_FULL), ("rear_seat", 1)),
    "seats_base": _t(("front_seat_lh", 1, SEATS_BASE), ("front_seat_rh", 1, SEATS_BASE[:1]), ("rear_seat", 1)),
    "doors": _t(("door_front_lh", 1, DOOR_FRONT), ("door_front_rh", 1, DOOR_FRONT), ("door_rear_lh", 1, DOOR_REAR), ("door_rear_rh", 1, DOOR_REAR)),
    "audio_premium": _t(("audio_system", 1, _t(("amplifier", 1), ("tweeter", 6), ("midrange", 6), ("woofer", 2), ("subwoofer", 1)))),
    "audio_base": _t(("audio_system", 1, _t(("tweeter", 2), ("midrange", 4)))),
    "thermal_ev": _t(("thermal_module", 1, _t(("e_compressor", 1), ("water_pump", 2), ("radiator_fan", 1), ("coolant_valve", 3), ("coolant", 8.5)))),
    "thermal_ice": _t(("thermal_module", 1, _t(("water_pump", 1), ("radiator_fan", 1), ("coolant", 7.0)))),
    "hvac": _t(("hvac_unit", 1, _t(("blower_motor", 1), ("flap_actuator", 4)))),
    "wipers": _t(("wiper_system", 1, _t(("wiper_motor", 1)))),
    "lighting": _t(("headlamp_lh", 1), ("headlamp_rh", 1), ("tail_lamp", 2)),
    "adas_premium": _t(("adas_set", 1, _t(("front_radar", 1), ("corner_radar", 4), ("front_camera", 1), ("thermal_camera", 1), ("ultrasonic", 12)))),
    "adas_base": _t(("adas_set", 1, _t(("front_radar", 1), ("front_camera", 1), ("ultrasonic", 8)))),
    "interior": _t(("instrument_panel", 1, _t(("cluster_display", 1), ("central_display", 1))), ("bumper_front", 1), ("bumper_rear", 1), ("body_ecu", 1)),
    "edu_norvik": _t(("edu_front", 1, _t(("tm_norvik_front", 1), ("inverter", 1), ("reducer", 1))), ("edu_rear", 1, _t(("tm_norvik_rear", 1), ("inverter", 1), ("reducer", 1), ("oil_pump", 1)))),
    "edu_brazos": _t(("edu_rear", 1, _t(("tm_brazos", 1), ("inverter", 1), ("reducer", 1), ("oil_pump", 1)))),
    "edu_odra_e": _t(("edu_rear", 1, _t(("tm_odra_e", 1), ("inverter", 1), ("reducer", 1)))),
    "battery_norvik": _t(("hv_battery", 1, _t(("cell_module", 8, _t(("cell_norvik", 12))), ("bms", 1), ("pack_housing", 1)))),
    "battery_brazos": _t(("hv_battery", 1, _t(("cell_module", 8, _t(("cell_brazos", 12))), ("bms", 1), ("pack_housing", 1)))),
    "battery_odra_e": _t(("hv_battery", 1, _t(("cell_module", 6, _t(("cell_odra_e", 16))), ("bms", 1), ("pack_housing", 1)))),
    "battery_phev": _t(("hv_battery", 1, _t(("cell_module", 4, _t(("cell_phev", 24))), ("bms", 1), ("pack_housing", 1)))),
    "battery_hev": _t(("hv_battery", 1, _t(("cell_module", 2, _t(("cell_hev", 36))), ("bms", 1)))),
    "charging": _t(("power_electronics", 1, _t(("obc", 1), ("dcdc", 1)))),
    "dht": _t(("phev_dht", 1, _t(("tm_vela", 1)))),
    "transaxle": _t(("hybrid_transaxle", 1, _t(("mg1", 1), ("mg2", 1)))),
    "engine": _t(("engine", 1, _t(("cylinder_block", 1), ("starter", 1), ("alternator", 1), ("fuel_pump", 1), ("throttle_body", 1), ("turbo_actuator", 1), ("injector", 4), ("ignition_coil", 4), ("cam_sensor", 2)))),
    "transmission": _t(("transmission", 1, _t(("shift_actuator", 1)))),
}  # fmt: skip
COMMON = ("body", "chassis", "steering", "doors", "hvac", "wipers", "lighting", "interior")


@dataclass(frozen=True)
class LineSpec:
    key: str
    name: str
    plant: str
    program: str
    code: str  # three digits that open the program's part numbers
    powertrain: Powertrain
    rate: float  # vehicles per working day
    margin: float  # contribution margin lost per vehicle not built, EUR
    modules: tuple[str, ...]
    overrides: dict[str, Sources] = field(default_factory=dict)  # family -> makers
    tight: frozenset[str] = frozenset()  # families whose chain holds only days of stock
    safe: bool = False  # every node serving this line holds weeks of stock
    revisions: int = 1
    description: str = ""


def _mods(*extra: str) -> tuple[str, ...]:
    return COMMON + extra


LINES = (
    LineSpec("norvik", "B1 Norvik", "bremen", "Norvik EV", "213", Powertrain.BEV, 420, 11200,
             _mods("edu_norvik", "battery_norvik", "charging", "thermal_ev", "brakes_e", "seats_full", "audio_premium", "adas_premium"),
             tight=frozenset({"tm_norvik_front", "tm_norvik_rear"}), revisions=2,
             description="Premium dual-motor BEV SUV, 91 kWh"),
    LineSpec("vela", "B2 Vela", "bremen", "Vela PHEV", "247", Powertrain.PHEV, 560, 6900,
             _mods("dht", "engine", "battery_phev", "charging", "thermal_ice", "brakes_e", "seats_full", "audio_base", "adas_base"),
             overrides={"seat_motor_slide": (("micro_cn", 1.0),), "seat_motor_height": (("micro_cn", 1.0),)},
             description="Plug-in hybrid estate, 29 kWh"),
    LineSpec("kestrel", "B3 Kestrel", "bremen", "Kestrel", "118", Powertrain.ICE, 880, 3100,
             _mods("engine", "transmission", "thermal_ice", "brakes", "seats_base", "audio_base", "adas_base"),
             revisions=2, description="Compact hatchback, 1.5 l turbo petrol"),
    LineSpec("brazos_ev", "S1 Brazos EV", "saltillo", "Brazos EV", "296", Powertrain.BEV, 360, 9400,
             _mods("edu_brazos", "battery_brazos", "charging", "thermal_ev", "brakes_e", "seats_full", "audio_premium", "adas_premium"),
             overrides={"front_seat_lh": (("seats_mx", 1.0),), "front_seat_rh": (("seats_mx", 1.0),), "rear_seat": (("seats_mx", 1.0),)},
             description="Electric pickup, rear motor, 105 kWh"),
    LineSpec("brazos_hev", "S2 Brazos Hybrid", "saltillo", "Brazos Hybrid", "297", Powertrain.HEV, 760, 8300,
             _mods("transaxle", "engine", "battery_hev", "thermal_ice", "brakes_e", "seats_base", "audio_base", "adas_base"),
             overrides={"front_seat_lh": (("seats_mx", 1.0),), "front_seat_rh": (("seats_mx", 1.0),), "rear_seat": (("seats_mx", 1.0),), "eps_rack": (("eps_de", 0.6), ("eps_kr", 0.4))},
             description="Full-hybrid pickup, 1.8 kWh"),
    LineSpec("odra", "O1 Odra", "ostrava", "Odra", "177", Powertrain.ICE, 1150, 3600,
             _mods("engine", "transmission", "thermal_ice", "brakes", "seats_base", "audio_base", "adas_base"),
             overrides={"eps_rack": (("eps_kr", 0.6), ("eps_de", 0.4)), "eps_motor": (("eps_kr", 1.0),), "seat_motor_slide": (("micro_jp", 0.5), ("micro_pl", 0.5)), "seat_motor_height": (("micro_jp", 0.5), ("micro_pl", 0.5)), "mirror_motor": (("micro_pl", 0.5), ("micro_jp", 0.5))},
             safe=True, description="Compact crossover, 1.0 l turbo petrol"),
    LineSpec("odra_e", "O2 Odra e", "ostrava", "Odra e", "178", Powertrain.BEV, 480, 4400,
             _mods("edu_odra_e", "battery_odra_e", "charging", "thermal_ev", "brakes_e", "seats_base", "audio_base", "adas_base"),
             description="Compact electric crossover, LFP 58 kWh"),
)  # fmt: skip
SAMPLE_LINE = "norvik"


@dataclass(frozen=True)
class AlternativeSpec:
    name: str
    kind: SourceKind
    supplier: str | None
    family: str  # the part (or, with magnet=True, the magnet set of that part) it replaces
    magnet: bool
    product: str
    capacity_per_day: float | None
    qualification_days: float
    ramp_days: float
    cost_premium_pct: float
    china_share: float
    status: SourceStatus
    timing: str
    city: str | None = None  # the supplier site offering it (default: its first site)
    notes: str = ""
    depends: tuple[tuple[str, str, float], ...] = ()  # (element, stage, China share) it needs


ALTERNATIVES = (
    AlternativeSpec("Baltic Magnetics: GBD rotor magnets for TM-210", SourceKind.SUPPLIER, "mag_ee", "tm_norvik_rear", True, "Sintered NdFeB 45SH-GBD rotor magnet set", 300, 120, 60, 18, 0.0, SourceStatus.IN_QUALIFICATION, "Initial samples approved; run-at-rate trial next, then PPAP submission", notes=EXPOSED + "; grain-boundary diffusion halves the Dy, bought from Lynas (Malaysia)", depends=(("Dy", "metal", 0.0), ("NdPr", "metal", 0.3))),
    AlternativeSpec("Magnetwerk Siegen: rotor magnets for TM-150", SourceKind.SUPPLIER, "mag_de", "tm_norvik_front", True, "Sintered NdFeB 48UH rotor magnet set", 250, 150, 90, 24, 0.45, SourceStatus.CANDIDATE, "Quotation received; Dy still bought from China", notes=EXPOSED, depends=(("Dy", "metal", 0.45), ("NdPr", "metal", 0.5))),
    AlternativeSpec("Heavy-rare-earth-free rotor for TM-210", SourceKind.DESIGN, "edrive_de", "tm_norvik_rear", False, "Fine-grain HRE-free NdFeB grade with improved rotor cooling", 300, 270, 60, 6, 0.6, SourceStatus.CANDIDATE, "Needs motor re-validation and type approval update", notes=EXPOSED, depends=(("NdPr", "metal", 0.6),)),
    AlternativeSpec("Induction front motor for B1 (no magnets)", SourceKind.DESIGN, "edrive_de", "tm_norvik_front", False, "Asynchronous front motor, copper rotor; 4 % range penalty", 320, 200, 60, 9, 0.0, SourceStatus.CANDIDATE, "Carry-over from the Kestrel AWD study; needs calibration and homologation", notes=EXPOSED),
    AlternativeSpec("Lone Star Magnetics: EPS motor magnets", SourceKind.SUPPLIER, "mag_us", "eps_motor", True, "Sintered NdFeB 42SH arc segments", 1500, 90, 45, 15, 0.1, SourceStatus.QUALIFIED, "Qualified for a sister program; capacity free from Q3", depends=(("Dy", "metal", 0.1), ("NdPr", "metal", 0.4))),
    AlternativeSpec("Sakuragi Micro Motor (Penang): seat adjuster motors", SourceKind.SUPPLIER, "micro_jp", "seat_motor_slide", False, "Seat motor, fore/aft (drop-in)", 4000, 60, 30, 7, 0.4, SourceStatus.CANDIDATE, "Same drawing already supplied to Bremen B1", "Penang"),
    AlternativeSpec("Ferrite seat-height motor", SourceKind.DESIGN, None, "seat_motor_height", False, "Ferrite-magnet seat motor, 40 g heavier", 600, 180, 30, 3, 0.0, SourceStatus.CANDIDATE, "Seat maker to confirm package space"),
)  # fmt: skip
