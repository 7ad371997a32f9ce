#include "DocumentPageRenderer.h"

#include <filesystem>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

#include "PhotoDegrader.h"
#include "TextSimilarity.h"

namespace aviary {

namespace {

cv::Ptr<cv::freetype::FreeType2> loadFont(const std::string& path, int index) {
  if (!std::filesystem::exists(path))
    throw std::runtime_error("font " + path +
                             " is missing: install fonts-noto-cjk and fonts-wqy-zenhei");
  auto font = cv::freetype::createFreeType2();
  font->loadFontData(path, index);
  return font;
}

}  // namespace

DocumentPageRenderer::DocumentPageRenderer() {
  const std::string noto = "/usr/share/fonts/opentype/noto/";
  const std::string wqy = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";
  // Index 2 in the Noto CJK collections is the Simplified Chinese face.
  families_.push_back(
      {loadFont(noto + "NotoSansCJK-Regular.ttc", 2), loadFont(noto + "NotoSansCJK-Bold.ttc", 2)});
  families_.push_back({loadFont(noto + "NotoSerifCJK-Regular.ttc", 2),
                       loadFont(noto + "NotoSerifCJK-Bold.ttc", 2)});
  auto zenhei = loadFont(wqy, 0);
  families_.push_back({zenhei, zenhei});
}

void DocumentPageRenderer::text(cv::Mat& page, const std::string& s, cv::Point origin, int height,
                                const cv::Scalar& colour, bool bold) {
  (bold ? font_->bold : font_->regular)
      ->putText(page, s, origin, height, colour, -1, cv::LINE_AA, false);
}

int DocumentPageRenderer::textWidth(const std::string& s, int height, bool bold) {
  int baseline = 0;
  return (bold ? font_->bold : font_->regular)->getTextSize(s, height, -1, &baseline).width;
}

void DocumentPageRenderer::seal(cv::Mat& page, cv::Point centre, int radius, const std::string& s) {
  cv::Mat overlay = page.clone();
  const cv::Scalar red(40, 40, 215);
  cv::circle(overlay, centre, radius, red, std::max(4, radius / 22), cv::LINE_AA);
  std::vector<cv::Point> star;
  for (int i = 0; i < 10; ++i) {
    const double angle = -CV_PI / 2 + i * CV_PI / 5;
    const double r = (i % 2 == 0 ? 0.3 : 0.12) * radius;
    star.emplace_back(centre.x + static_cast<int>(r * std::cos(angle)),
                      centre.y + static_cast<int>(r * std::sin(angle)));
  }
  cv::fillPoly(overlay, std::vector<std::vector<cv::Point>>{star}, red, cv::LINE_AA);
  const auto chars = TextSimilarity::codePoints(s);
  const int glyph = radius / 4;
  const double span = std::min(1.5 * CV_PI, 0.32 * static_cast<double>(chars.size()));
  for (std::size_t i = 0; i < chars.size(); ++i) {
    const double angle = -CV_PI / 2 - span / 2 +
                         span * (static_cast<double>(i) + 0.5) / static_cast<double>(chars.size());
    const cv::Point at(centre.x + static_cast<int>(0.72 * radius * std::cos(angle)) - glyph / 2,
                       centre.y + static_cast<int>(0.72 * radius * std::sin(angle)) + glyph / 2);
    font_->bold->putText(overlay, chars[i], at, glyph, red, -1, cv::LINE_AA, false);
  }
  // Seal ink multiplies with what is under it: black text stays black (seen through).
  cv::Mat inkOnly = overlay;
  page.forEach<cv::Vec3b>([&](cv::Vec3b& pixel, const int* at) {
    const cv::Vec3b ink = inkOnly.at<cv::Vec3b>(at[0], at[1]);
    if (ink == pixel) return;
    for (int c = 0; c < 3; ++c)
      pixel[c] = static_cast<uchar>(pixel[c] * (0.25 + 0.75 * ink[c] / 255.0));
  });
}

cv::Mat DocumentPageRenderer::renderIdCard(const SyntheticDocument& doc) {
  cv::Mat card(820, 1300, CV_8UC3, cv::Scalar(235, 238, 228));
  cv::rectangle(card, {0, 0, card.cols, card.rows}, cv::Scalar(200, 190, 170), 6);
  const cv::Scalar labelColour(150, 110, 40);
  const cv::Scalar ink(20, 20, 20);
  const int size = 42;
  int y = 130;
  const int valueX = 230 + (doc.layout % 2) * 20;
  auto line = [&](const std::string& label, const std::string& value) {
    text(card, label, {70, y}, size - 6, labelColour, false);
    text(card, value, {valueX, y}, size, ink, false);
    y += 100;
  };
  line("姓名", doc.printed.at("name"));
  text(card, "性别", {70, y}, size - 6, labelColour, false);
  text(card, doc.printed.at("gender"), {valueX, y}, size, ink, false);
  text(card, "民族", {valueX + 150, y}, size - 6, labelColour, false);
  text(card, doc.printed.at("ethnicity"), {valueX + 260, y}, size, ink, false);
  y += 100;
  line("出生", doc.printed.at("birth_date"));
  line("住址", doc.printed.at("address"));
  y += 60;
  text(card, "公民身份号码", {70, y}, size - 6, labelColour, false);
  text(card, doc.printed.at("id_number"), {400, y}, size + 2, ink, true);
  // The portrait.
  cv::rectangle(card, {930, 120, 290, 380}, cv::Scalar(205, 200, 195), -1);
  cv::ellipse(card, {1075, 260}, {80, 100}, 0, 0, 360, cv::Scalar(120, 130, 150), -1);
  cv::ellipse(card, {1075, 500}, {140, 110}, 0, 180, 360, cv::Scalar(90, 90, 100), -1);
  return card;
}

cv::Mat DocumentPageRenderer::render(const SyntheticDocument& doc, std::mt19937& random) {
  font_ = &families_[std::uniform_int_distribution<std::size_t>(0, families_.size() - 1)(random)];
  if (doc.kind == "id_card_front") return renderIdCard(doc);
  const int layout = doc.layout % 3;
  const int width = 1240;
  const int size = layout == 2 ? 34 : 36;
  const int rowHeight = layout == 0 ? 74 : 66;
  const int rows = static_cast<int>(doc.fieldOrder.size() + doc.rows.size()) + 2;
  const int height = std::max(1000, 330 + rows * rowHeight + 260);
  const cv::Scalar paper = doc.kind.find("invoice") != std::string::npos
                               ? cv::Scalar(228, 240, 246)
                               : cv::Scalar(246, 248, 250);
  cv::Mat page(height, width, CV_8UC3, paper);
  const cv::Scalar ink(25, 25, 25);
  const cv::Scalar frame = doc.kind.find("invoice") != std::string::npos ? cv::Scalar(60, 90, 150)
                                                                         : cv::Scalar(40, 40, 40);
  // Title: centred (layouts 0, 1) or left (layout 2), large and bold.
  const int titleSize = 66;
  const int titleWidth = textWidth(doc.title, titleSize, true);
  const int titleX = layout == 2 ? 90 : (width - titleWidth) / 2;
  text(page, doc.title, {titleX, 90}, titleSize, frame, true);
  if (layout == 1)
    text(page, "No. " + std::to_string(std::uniform_int_distribution<int>(100000, 999999)(random)),
         {width - 300, 200}, 28, ink, false);
  int y = 250;
  const int left = 90;
  const int labelWidth = 330;
  std::vector<std::string> order = doc.fieldOrder;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::string& field = order[i];
    std::string label = doc.labels.at(field);
    std::string value = doc.printed.at(field);
    // Layout 0 prints a start date and the end date on one "期限" line.
    if (layout == 0 && field == "start_date" && i + 1 < order.size() &&
        order[i + 1] == "end_date") {
      label = doc.kind == "store_lease" ? "租赁期限" : "合同期限";
      value = value + "至" + doc.printed.at("end_date");
      ++i;
    }
    int valueSize = size;
    const int room = width - left - labelWidth - 60;
    while (valueSize > 24 && textWidth(value, valueSize, false) > room) valueSize -= 2;
    if (layout == 0) {
      // FreeType draws from the text's top-left corner: the cell starts just above it.
      cv::rectangle(page, {left - 20, y - 16, width - 2 * left + 40, rowHeight}, frame, 2);
      cv::line(page, {left + labelWidth - 30, y - 16}, {left + labelWidth - 30, y - 16 + rowHeight},
               frame, 2);
      text(page, label, {left, y}, size, ink, false);
      text(page, value, {left + labelWidth, y}, valueSize, ink, false);
    } else if (layout == 1) {
      const std::string line = label + "：" + value;
      int lineSize = size;
      while (lineSize > 24 && textWidth(line, lineSize, false) > width - 2 * left) lineSize -= 2;
      text(page, line, {left, y}, lineSize, ink, false);
    } else {
      text(page, label, {left, y}, size, cv::Scalar(110, 60, 20), true);
      text(page, value, {left + labelWidth, y}, valueSize, ink, false);
      cv::line(page, {left + labelWidth, y + size + 8}, {width - left, y + size + 8},
               cv::Scalar(150, 150, 150), 1);
    }
    y += rowHeight;
  }
  if (!doc.rows.empty()) {
    y += 20;
    const bool payroll = doc.kind == "payroll";
    const std::vector<std::string> header =
        payroll ? std::vector<std::string>{"序号", "姓名", "实发工资"}
                : std::vector<std::string>{"序号", "品名", "数量", "小计"};
    const int columns = static_cast<int>(header.size());
    const int columnWidth = (width - 2 * left) / columns;
    auto drawRow = [&](const std::vector<std::string>& cells) {
      for (int c = 0; c < columns; ++c)
        text(page, cells[static_cast<std::size_t>(c)], {left + c * columnWidth, y}, size - 4, ink,
             false);
      y += rowHeight - 6;
    };
    drawRow(header);
    int index = 1;
    for (const auto& row : doc.rows) {
      std::vector<std::string> cells = {std::to_string(index++)};
      cells.insert(cells.end(), row.begin(), row.end());
      drawRow(cells);
    }
  }
  if (!doc.sealText.empty()) {
    const int radius = std::uniform_int_distribution<int>(100, 130)(random);
    const int sx = std::uniform_int_distribution<int>(width / 2, width - radius - 40)(random);
    const int sy = std::uniform_int_distribution<int>(std::max(radius + 250, y - 260),
                                                      std::max(radius + 260, y))(random);
    seal(page, {sx, std::min(sy, height - radius - 10)}, radius, doc.sealText);
  }
  return page;
}

cv::Mat DocumentPageRenderer::renderStorefront(const StorefrontScene& shop, std::mt19937& random) {
  auto uniform = [&](double low, double high) {
    return std::uniform_real_distribution<double>(low, high)(random);
  };
  auto integer = [&](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(random);
  };
  font_ = &families_[std::uniform_int_distribution<std::size_t>(0, families_.size() - 1)(random)];
  const int width = 1400, height = 1000;
  // Facade: painted render, tiles or brick, with the grain of a real wall.
  const cv::Scalar facades[] = {{170, 175, 180}, {150, 170, 190}, {60, 80, 140}, {190, 190, 185}};
  cv::Mat scene(height, width, CV_8UC3, facades[integer(0, 3)]);
  cv::Mat grain(height, width, CV_8UC3);
  cv::randn(grain, cv::Scalar::all(0), cv::Scalar::all(10));
  cv::GaussianBlur(grain, grain, {0, 0}, 1.5);
  scene += grain;
  // Signboard: a coloured (lit) box or a black board, with the name in large characters.
  const cv::Scalar boards[] = {{40, 40, 170}, {130, 60, 20}, {30, 110, 30}, {20, 20, 20}};
  const int boardChoice = shop.night ? integer(0, 2) : integer(0, 3);
  const cv::Scalar board = boards[boardChoice];
  const int boardWidth = integer(1050, 1300), boardHeight = integer(200, 260);
  const cv::Rect boardBox((width - boardWidth) / 2 + integer(-40, 40), integer(50, 130), boardWidth,
                          boardHeight);
  cv::rectangle(scene, boardBox, board, -1);
  int size = integer(96, 130);
  while (size > 40 && textWidth(shop.signboard, size, true) > boardWidth - 100) size -= 6;
  const cv::Scalar ink = integer(0, 3) == 0 ? cv::Scalar(60, 220, 245) : cv::Scalar(245, 245, 245);
  text(scene, shop.signboard,
       {boardBox.x + (boardWidth - textWidth(shop.signboard, size, true)) / 2,
        boardBox.y + (boardHeight - size) / 2 - size / 8},
       size, ink, true);
  // The shop front under the board: an open shop (shelves of goods, a counter, a person) or
  // a roller shutter of horizontal slats.
  const cv::Rect front(boardBox.x + 40, boardBox.br().y + integer(30, 60), boardWidth - 80,
                       height - boardBox.br().y - 140);
  if (shop.shuttered) {
    cv::rectangle(scene, front, cv::Scalar(165, 168, 170), -1);
    const int slat = integer(12, 18);
    for (int y = front.y; y < front.br().y; y += slat)
      cv::line(scene, {front.x, y}, {front.br().x, y}, cv::Scalar(110, 112, 115), 2, cv::LINE_AA);
    cv::rectangle(scene, {front.x, front.br().y - 20, front.width, 20}, cv::Scalar(90, 90, 95), -1);
  } else {
    cv::rectangle(scene, front, cv::Scalar(70, 75, 85), -1);
    for (int shelf = front.y + 60; shelf < front.br().y - 80; shelf += integer(70, 100)) {
      cv::line(scene, {front.x + 20, shelf}, {front.br().x - 20, shelf}, cv::Scalar(160, 150, 140),
               4);
      for (int x = front.x + 30; x < front.br().x - 60; x += integer(25, 60)) {
        const int goodsHeight = integer(25, 55);
        cv::rectangle(scene, {x, shelf - goodsHeight, integer(18, 45), goodsHeight},
                      cv::Scalar(integer(30, 230), integer(30, 230), integer(30, 230)), -1);
      }
    }
    cv::rectangle(scene, {front.x + front.width / 3, front.br().y - 160, front.width / 3, 160},
                  cv::Scalar(120, 130, 150), -1);  // counter
    const cv::Point person(front.x + integer(80, front.width - 80), front.br().y - 200);
    cv::ellipse(scene, person, {28, 34}, 0, 0, 360, cv::Scalar(90, 120, 170), -1);
    cv::rectangle(scene, {person.x - 45, person.y + 34, 90, 170},
                  cv::Scalar(integer(20, 200), integer(20, 200), integer(20, 200)), -1);
  }
  // Pavement and clutter in front: scooters, potted plants, a standing banner.
  cv::rectangle(scene, {0, height - 120, width, 120}, cv::Scalar(120, 125, 128), -1);
  for (int item = integer(0, 3); item > 0; --item) {
    const int x = integer(60, width - 260);
    switch (integer(0, 2)) {
      case 0:  // scooter
        cv::rectangle(scene, {x, height - 230, 200, 90},
                      cv::Scalar(integer(20, 220), integer(20, 220), integer(20, 220)), -1);
        cv::circle(scene, {x + 30, height - 130}, 32, cv::Scalar(25, 25, 25), -1);
        cv::circle(scene, {x + 170, height - 130}, 32, cv::Scalar(25, 25, 25), -1);
        break;
      case 1:  // plant
        cv::rectangle(scene, {x, height - 170, 70, 70}, cv::Scalar(60, 80, 150), -1);
        cv::circle(scene, {x + 35, height - 210}, 55, cv::Scalar(40, 120, 50), -1);
        break;
      default:  // banner with small print
        cv::rectangle(scene, {x, height - 420, 130, 300}, cv::Scalar(230, 230, 235), -1);
        text(scene, "新品", {x + 20, height - 400}, 40, cv::Scalar(40, 40, 200), false);
        text(scene, "优惠", {x + 20, height - 340}, 40, cv::Scalar(40, 40, 200), false);
    }
  }
  // Light: daylight with a soft gradient, or night where the wall falls dark and only the lit
  // board and an open shop's interior stay bright.
  cv::Mat light(height, width, CV_32F);
  const double base = shop.night ? uniform(0.12, 0.22) : uniform(0.8, 1.05);
  const double gx = uniform(-0.15, 0.15), gy = uniform(-0.1, 0.1);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      light.at<float>(y, x) = static_cast<float>(
          base * (1.0 + gx * (x / double(width) - 0.5) + gy * (y / double(height) - 0.5)));
  if (shop.night) {
    cv::Mat glow(height, width, CV_32F, cv::Scalar(0));
    cv::rectangle(glow, boardBox, cv::Scalar(uniform(0.7, 0.95) - base), -1);
    if (!shop.shuttered) cv::rectangle(glow, front, cv::Scalar(uniform(0.6, 0.85) - base), -1);
    cv::GaussianBlur(glow, glow, {0, 0}, 6);
    light += glow;
  }
  PhotoDegrader::underLight(scene, light).convertTo(scene, CV_8UC3);
  // The camera: from the pavement, a little to one side and tilted, not square to the wall.
  const float side = static_cast<float>(uniform(-0.07, 0.07)) * width;
  const float lift = static_cast<float>(uniform(-0.04, 0.04)) * height;
  const float angle = static_cast<float>(uniform(-4, 4) * CV_PI / 180.0);
  const std::vector<cv::Point2f> source = {
      {0, 0}, {float(width), 0}, {float(width), float(height)}, {0, float(height)}};
  std::vector<cv::Point2f> target;
  const cv::Point2f centre(width / 2.0f, height / 2.0f);
  for (const cv::Point2f& corner : source) {
    cv::Point2f p = corner - centre;
    p.y *= 1.0f + (p.x > 0 ? 1.0f : -1.0f) * side / width;  // the far side looks shorter
    p.x += (p.y < 0 ? 1.0f : -1.0f) * lift;
    p *= 1.06f;  // a little of the facade is outside the frame
    target.push_back(centre + cv::Point2f(p.x * std::cos(angle) - p.y * std::sin(angle),
                                          p.x * std::sin(angle) + p.y * std::cos(angle)));
  }
  cv::Mat photo;
  cv::warpPerspective(scene, photo, cv::getPerspectiveTransform(source, target), scene.size(),
                      cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  const double sigma = uniform(0.0, 1.3);
  if (sigma > 0.3) cv::GaussianBlur(photo, photo, {0, 0}, sigma);
  cv::Mat noise(photo.size(), CV_16SC3), noisy;
  cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(shop.night ? uniform(4, 9) : uniform(2, 6)));
  photo.convertTo(noisy, CV_16SC3);
  noisy += noise;
  noisy.convertTo(photo, CV_8UC3);
  return photo;
}

}  // namespace aviary
