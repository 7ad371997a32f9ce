#include "ArtifactView.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <nlohmann/json.hpp>
#include <set>

#include "AnnotatedImageView.h"
#include "SupplyChainGraphView.h"
#include "TimeSeriesChart.h"

namespace aviary::gui {
namespace {

QString cellText(const nlohmann::json& value) {
  if (value.is_string()) return QString::fromStdString(value.get<std::string>());
  if (value.is_null()) return QString();
  if (value.is_number_float()) return QString::number(value.get<double>(), 'g', 6);
  return QString::fromStdString(value.dump());
}

}  // namespace

QByteArray ArtifactView::bytesOf(const nlohmann::json& artifact) {
  if (!artifact.contains("bytes_base64") || !artifact["bytes_base64"].is_string()) return {};
  return QByteArray::fromBase64(
      QByteArray::fromStdString(artifact["bytes_base64"].get<std::string>()));
}

QTableWidget* ArtifactView::tableFrom(const nlohmann::json& data) {
  auto* table = new QTableWidget;
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->verticalHeader()->hide();
  table->horizontalHeader()->setStretchLastSection(true);
  table->setWordWrap(true);
  QStringList columns;
  std::vector<std::vector<QString>> rows;
  if (data.is_object() && data.contains("columns") && data.contains("rows")) {
    for (const auto& c : data["columns"]) columns << cellText(c);
    for (const auto& r : data["rows"]) {
      std::vector<QString> row;
      for (const auto& cell : r) row.push_back(cellText(cell));
      rows.push_back(row);
    }
  } else if (data.is_array()) {
    std::vector<std::string> keys;
    std::set<std::string> seen;
    for (const auto& item : data)
      if (item.is_object())
        for (const auto& [key, value] : item.items())
          if (seen.insert(key).second) keys.push_back(key);
    for (const auto& key : keys) columns << QString::fromStdString(key);
    if (keys.empty()) columns << "value";
    for (const auto& item : data) {
      std::vector<QString> row;
      if (keys.empty()) row.push_back(cellText(item));
      for (const auto& key : keys)
        row.push_back(item.is_object() && item.contains(key) ? cellText(item[key]) : QString());
      rows.push_back(row);
    }
  } else if (data.is_object()) {
    columns << "field"
            << "value";
    for (const auto& [key, value] : data.items())
      rows.push_back({QString::fromStdString(key), cellText(value)});
  }
  table->setColumnCount(static_cast<int>(columns.size()));
  table->setHorizontalHeaderLabels(columns);
  table->setRowCount(static_cast<int>(rows.size()));
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size() && c < static_cast<std::size_t>(columns.size()); ++c)
      table->setItem(static_cast<int>(r), static_cast<int>(c), new QTableWidgetItem(rows[r][c]));
  table->resizeColumnsToContents();
  table->resizeRowsToContents();
  return table;
}

ArtifactView::ArtifactView(const nlohmann::json& artifact, QWidget* parent) : QWidget(parent) {
  kind_ = QString::fromStdString(artifact.value("kind", "table"));
  const QString title = QString::fromStdString(artifact.value("title", artifact.value("name", "")));
  const nlohmann::json data =
      artifact.contains("data") ? artifact["data"] : nlohmann::json::object();
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  if (kind_ == "image") {
    auto* caption = new QLabel(title);
    caption->setWordWrap(true);
    layout->addWidget(caption);
    auto* image = new AnnotatedImageView;
    image->setImageData(bytesOf(artifact));
    image->setOutlineOpaqueRegion(true);
    content_ = image;
  } else if (kind_ == "time_series") {
    content_ = TimeSeriesChart::generic(data, title);
  } else if (kind_ == "graph") {
    auto* caption = new QLabel(title);
    caption->setWordWrap(true);
    layout->addWidget(caption);
    content_ = new SupplyChainGraphView(data);
  } else {
    auto* caption = new QLabel(title);
    caption->setWordWrap(true);
    layout->addWidget(caption);
    content_ = tableFrom(data);
    content_->setMinimumHeight(160);
  }
  layout->addWidget(content_);
}

}  // namespace aviary::gui
